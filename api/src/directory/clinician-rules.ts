import type { ClinicianInput } from '@cmss/shared';
import { LANGUAGE_IDS, NETWORK_IDS, normalisePhone, SPECIALTY_IDS } from '@cmss/shared';

/** One broken rule, named by the field (API) or spreadsheet column (import) it concerns. */
export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/**
 * What the rules need to know about the directory: the routes pass repository lookups, the import its
 * hospital snapshot and the clinician each row's e-mail was found to belong to.
 */
export interface DirectoryLookups {
  hospital(id: number): { countryCode: string; status: 'active' | 'inactive' } | null;
  /** Id of the clinician holding this e-mail (case-insensitively), if any. */
  clinicianIdByEmail(email: string): number | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const specialties = new Set(SPECIALTY_IDS);
const languages = new Set(LANGUAGE_IDS);
const networks = new Set(NETWORK_IDS);

function unknownValues(field: string, values: readonly string[], allowed: Set<string>): FieldError[] {
  const unknown = values.filter((v) => !allowed.has(v));
  return unknown.length === 0
    ? []
    : [
        {
          field,
          code: 'unknown_value',
          message: `Not in the list at GET /api/v1/vocabularies: ${unknown.join(', ')}`,
        },
      ];
}

/**
 * The directory's rules for a clinician (beyond the shape the schema checks): the hospital exists and is
 * active, the e-mail is unique case-insensitively, the phone is a real number (stored as E.164, read in
 * the hospital's country when written nationally), vocabularies are the controlled ones.
 * `self` is the clinician being updated: its own e-mail is of course not a duplicate, and its stored
 * phone (E.164, checked when it was stored) is not parsed again: re-importing the directory's own export
 * would otherwise run libphonenumber on every row, a third of the dry run's time.
 */
export function checkClinician(
  input: ClinicianInput,
  lookups: DirectoryLookups,
  self: { id: number; phone: string | null } | null = null,
): { ok: true; value: ClinicianInput } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const value: ClinicianInput = {
    ...input,
    title: input.title?.trim() || null,
    givenName: input.givenName.trim(),
    familyName: input.familyName.trim(),
    email: input.email.trim(),
    specialties: [...new Set(input.specialties)].sort(),
    languages: [...new Set(input.languages)].sort(),
    networks: [...new Set(input.networks)].sort(),
  };
  if (!value.givenName) errors.push({ field: 'givenName', code: 'required', message: 'Given name is empty' });
  if (!value.familyName)
    errors.push({ field: 'familyName', code: 'required', message: 'Family name is empty' });

  const hospital = lookups.hospital(value.hospitalId);
  if (!hospital) {
    errors.push({
      field: 'hospitalId',
      code: 'unknown_hospital',
      message: `No hospital ${value.hospitalId}`,
    });
  } else if (hospital.status !== 'active') {
    errors.push({
      field: 'hospitalId',
      code: 'inactive_hospital',
      message: `Hospital ${value.hospitalId} is deactivated`,
    });
  }

  if (!EMAIL.test(value.email)) {
    errors.push({
      field: 'email',
      code: 'invalid_email',
      message: `"${value.email}" is not an e-mail address`,
    });
  } else {
    const owner = lookups.clinicianIdByEmail(value.email);
    if (owner !== null && owner !== self?.id) {
      errors.push({
        field: 'email',
        code: 'email_taken',
        message: `${value.email} already belongs to clinician ${owner} (e-mails are unique, ignoring case)`,
      });
    }
  }

  if (value.phone === null || value.phone.trim() === '') {
    value.phone = null;
  } else if (value.phone !== self?.phone) {
    // The stored phone is E.164 and was checked when it was stored: only a changed one is parsed.
    const phone = normalisePhone(value.phone, hospital?.countryCode);
    if (phone.ok) value.phone = phone.e164;
    else errors.push({ field: 'phone', code: 'invalid_phone', message: phone.reason });
  }

  errors.push(
    ...unknownValues('specialties', value.specialties, specialties),
    ...unknownValues('languages', value.languages, languages),
    ...unknownValues('networks', value.networks, networks),
  );
  return errors.length ? { ok: false, errors } : { ok: true, value };
}

/** Hospital networks come from the same controlled list as clinicians'. */
export function checkHospitalNetworks(values: readonly string[]): FieldError[] {
  return unknownValues('networks', values, networks);
}
