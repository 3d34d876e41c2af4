/**
 * Data-protection settings (issue 8), read with the helpers of config.ts. Every variable is listed in
 * the README's configuration table.
 */
import { bool, email, int, str } from '../config.js';

type Env = Record<string, string | undefined>;

export function dataProtectionConfig(env: Env) {
  return {
    /** Closed requests (held, cancelled, rejected) and their bookings are purged this long after closing. */
    retentionMonths: int(env, 'RETENTION_MONTHS', 24, 1, 240),
    /** Invitation files in OUTBOX_DIR are deleted this many days after they were written (sent). */
    outboxRetentionDays: int(env, 'OUTBOX_RETENTION_DAYS', 30, 1, 3650),
    /**
     * Stored import dry runs (a copy of every row of the uploaded spreadsheet, committed or not) are
     * deleted this many days after the upload.
     */
    importRetentionDays: int(env, 'IMPORT_RETENTION_DAYS', 30, 1, 3650),
    /** Runs the retention purge once at start-up and then daily. */
    retentionJob: bool(env, 'RETENTION_JOB', true),
    /**
     * Key of the HMAC that pseudonymises audit rows on erasure. Unset: a random key per process, so
     * pseudonyms cannot be reversed by anyone (not even by hashing every possible id).
     */
    pseudonymisationKey: str(env, 'PSEUDONYMISATION_KEY'),
    /** Controller named in the privacy notice and the record of processing. */
    controllerName: str(env, 'PRIVACY_CONTROLLER_NAME', 'CMSS network coordination office'),
    controllerEmail: email(env, 'PRIVACY_CONTROLLER_EMAIL', 'privacy@cmss.example'),
    /** Data protection officer's contact (art. 43–45 of Regulation 2018/1725). */
    dpoEmail: email(env, 'PRIVACY_DPO_EMAIL', 'dpo@cmss.example'),
  };
}

export type DataProtectionConfig = ReturnType<typeof dataProtectionConfig>;
