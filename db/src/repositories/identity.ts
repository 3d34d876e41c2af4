import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { clinicians, hospitals } from '../schema/index.js';

/** A directory entry as sign-in needs it: who the caller is, and whether they may still act. */
export interface ClinicianIdentity {
  id: number;
  displayName: string;
  email: string;
  status: 'active' | 'inactive';
  hospital: string;
  countryCode: string;
}

/**
 * Lookups that connect a signed-in person to the directory: Entra ID tokens carry an e-mail/UPN,
 * local sign-in offers demo clinicians to pick from. Read-only.
 */
export function createIdentityRepository(db: Db) {
  const select = () =>
    db
      .select({
        id: clinicians.id,
        title: clinicians.title,
        givenName: clinicians.givenName,
        familyName: clinicians.familyName,
        email: clinicians.email,
        status: clinicians.status,
        hospital: hospitals.name,
        countryCode: hospitals.countryCode,
      })
      .from(clinicians)
      .innerJoin(hospitals, eq(hospitals.id, clinicians.hospitalId));

  type Row = Awaited<ReturnType<ReturnType<typeof select>['all']>>[number];
  const toIdentity = (row: Row): ClinicianIdentity => ({
    id: row.id,
    displayName: [row.title, row.givenName, row.familyName].filter(Boolean).join(' '),
    email: row.email,
    status: row.status,
    hospital: row.hospital,
    countryCode: row.countryCode,
  });

  // Prepared once: every Entra ID request looks its user up by e-mail.
  const byEmail = select()
    .where(eq(clinicians.emailNormalised, sql.placeholder('email')))
    .prepare();

  return {
    /** Case-insensitive, like the directory's uniqueness rule. */
    clinicianByEmail(email: string): ClinicianIdentity | undefined {
      const row = byEmail.get({ email: email.trim().toLowerCase() });
      return row && toIdentity(row);
    },

    clinicianById(id: number): ClinicianIdentity | undefined {
      const row = select().where(eq(clinicians.id, id)).get();
      return row && toIdentity(row);
    },

    /** Active clinicians offered by the local (demo) sign-in, oldest entries first: stable across restarts. */
    demoClinicians(limit: number): ClinicianIdentity[] {
      return select()
        .where(eq(clinicians.status, 'active'))
        .orderBy(asc(clinicians.id))
        .limit(limit)
        .all()
        .map(toIdentity);
    },
  };
}

export type IdentityRepository = ReturnType<typeof createIdentityRepository>;
