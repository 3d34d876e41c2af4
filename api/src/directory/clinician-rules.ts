import {
  ClinicianInput,
  LANGUAGE_IDS,
  MAX_CONTACT_PERSONS,
  NETWORK_IDS,
  normalisePhone,
  SPECIALTY_IDS,
} from '@cmss/shared';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import {
  checkListLength,
  checkText,
  type FieldError,
  schemaLimit,
  type TextRule,
  unknownValues,
} from './text-rules.js';

export type { FieldError } from './text-rules.js';

/**
 * What the rules need to know about the directory: the routes pass repository lookups, the import its
 * hospital snapshot and the clinician each row's e-mail was found to belong to.
 */
export interface DirectoryLookups {
  hospital(id: number): { countryCode: string; status: 'active' | 'inactive' } | null;
  /** Id of the clinician holding this e-mail (case-insensitively), if any. */
  clinicianIdByEmail(email: string): number | null;
  /**
   * The active contact persons of a hospital. The import has no such lookup per row (its rows are
   * checked on worker threads, and the file itself may hand the role over): it counts them over the
   * whole dry run instead (import-service.ts).
   */
  contactPersons?(hospitalId: number): { id: number; name: string }[];
}

/**
 * The API's e-mail format: the request schemas' `format: 'email'`, as Fastify's Ajv checks it
 * (ajv-formats, full mode). The import holds an e-mail cell to it too, so that it stores no address the
 * API refuses: plain ASCII, where a looser rule let "jörg@…" in, and with it a second clinician for the
 * same address typed decomposed (NFD).
 */
const EMAIL = fullFormats.email as RegExp;
const specialties = new Set(SPECIALTY_IDS);
const languages = new Set(LANGUAGE_IDS);
const networks = new Set(NETWORK_IDS);

/**
 * The schema's limits, enforced here too because the import builds inputs from cells and never passes
 * the JSON schema. Names (and the title, when given) need a visible letter or digit.
 */
const fields = ClinicianInput.properties;
const text = (field: keyof typeof fields, label: string, kind: 'name' | 'plain'): TextRule => ({
  field,
  label,
  maxLength: schemaLimit(fields[field], 'maxLength'),
  visible: kind === 'name',
  plain: kind === 'plain',
});
const TEXT = {
  title: text('title', 'Title', 'name'),
  givenName: text('givenName', 'Given name', 'name'),
  familyName: text('familyName', 'Family name', 'name'),
  email: text('email', 'E-mail', 'plain'),
  phone: text('phone', 'Phone', 'plain'),
};
const MAX_ITEMS = {
  specialties: schemaLimit(fields.specialties, 'maxItems'),
  languages: schemaLimit(fields.languages, 'maxItems'),
  networks: schemaLimit(fields.networks, 'maxItems'),
};

/**
 * The directory's rules for a clinician: the schema's lengths and list sizes (the import bypasses the
 * schema), text free of broken Unicode and control characters, names with a visible letter (text-rules.ts),
 * the hospital exists and is active, the e-mail is unique case-insensitively, the phone is a real number
 * (stored as E.164, read in the hospital's country when written nationally), vocabularies are the
 * controlled ones.
 * `self` is the clinician being updated: its own e-mail is of course not a duplicate, and a value it
 * keeps as stored is not checked again. A record stored before a rule was tightened (a name with a
 * character refused since) can then still have its phone corrected, and a clinician whose hospital was
 * deactivated since can still be edited (or deactivated); only a changed value must pass today's rules.
 * And its stored phone (E.164) is not parsed again: re-importing the directory's own
 * export would otherwise run libphonenumber on every row, a third of the dry run's time.
 */
export function checkClinician(
  input: ClinicianInput,
  lookups: DirectoryLookups,
  self:
    | (Pick<
        ClinicianInput,
        'title' | 'givenName' | 'familyName' | 'email' | 'phone' | 'hospitalId' | 'contactPerson' | 'status'
      > & {
        id: number;
      })
    | null = null,
): { ok: true; value: ClinicianInput } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const value: ClinicianInput = {
    ...input,
    // NFC: a name pasted in decomposed form (macOS) is stored, compared and folded as the same name.
    title: input.title?.trim().normalize('NFC') || null,
    givenName: input.givenName.trim().normalize('NFC'),
    familyName: input.familyName.trim().normalize('NFC'),
    email: input.email.trim(),
    specialties: [...new Set(input.specialties)].sort(),
    languages: [...new Set(input.languages)].sort(),
    networks: [...new Set(input.networks)].sort(),
  };
  /** Whether a text field differs from the stored record (all do for a new clinician). */
  const changed = (field: keyof typeof TEXT | 'hospitalId') => {
    if (self === null) return true;
    const stored = self[field];
    // A name stored decomposed, before names were normalised, is the same name.
    return value[field] !== (typeof stored === 'string' ? stored.normalize('NFC') : stored);
  };
  const textError = (v: string, rule: TextRule) => {
    const error = checkText(v, rule);
    if (error) errors.push(error);
    return error !== null;
  };
  if (value.title !== null && changed('title')) textError(value.title, TEXT.title);
  if (!value.givenName) errors.push({ field: 'givenName', code: 'required', message: 'Given name is empty' });
  else if (changed('givenName')) textError(value.givenName, TEXT.givenName);
  if (!value.familyName)
    errors.push({ field: 'familyName', code: 'required', message: 'Family name is empty' });
  else if (changed('familyName')) textError(value.familyName, TEXT.familyName);

  const hospital = lookups.hospital(value.hospitalId);
  if (!hospital) {
    errors.push({
      field: 'hospitalId',
      code: 'unknown_hospital',
      message: `No hospital ${value.hospitalId}`,
    });
  } else if (hospital.status !== 'active' && changed('hospitalId')) {
    errors.push({
      field: 'hospitalId',
      code: 'inactive_hospital',
      message: `Hospital ${value.hospitalId} is deactivated`,
    });
  }

  if (changed('email') && !textError(value.email, TEXT.email)) {
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
  }

  if (value.phone === null || value.phone.trim() === '') {
    value.phone = null;
  } else if (changed('phone') && !textError(value.phone.trim(), TEXT.phone)) {
    // The stored phone is E.164 and was checked when it was stored: only a changed one is parsed.
    const phone = normalisePhone(value.phone, hospital?.countryCode);
    if (phone.ok) value.phone = phone.e164;
    else errors.push({ field: 'phone', code: 'invalid_phone', message: phone.reason });
  }

  if (hospital && lookups.contactPersons && becomesContactPerson(value, self)) {
    const others = lookups.contactPersons(value.hospitalId).filter((c) => c.id !== self?.id);
    if (others.length >= MAX_CONTACT_PERSONS) {
      errors.push({
        field: 'contactPerson',
        code: 'too_many_contact_persons',
        message: `Hospital ${value.hospitalId} has ${others.length} contact persons already (${others.map((c) => `${c.name}, clinician ${c.id}`).join('; ')}): at most ${MAX_CONTACT_PERSONS}, so unset one of them first`,
      });
    }
  }

  errors.push(
    ...checkListLength('specialties', value.specialties, MAX_ITEMS.specialties),
    ...checkListLength('languages', value.languages, MAX_ITEMS.languages),
    ...checkListLength('networks', value.networks, MAX_ITEMS.networks),
    ...unknownValues('specialties', value.specialties, specialties),
    ...unknownValues('languages', value.languages, languages),
    ...unknownValues('networks', value.networks, networks),
  );
  return errors.length ? { ok: false, errors } : { ok: true, value };
}

/**
 * Whether the clinician is an active contact person of their hospital after the change and was not
 * before (new, promoted, moved or reactivated): only then can a hospital gain one too many. A hospital
 * that had more before the rule keeps them until someone changes.
 */
function becomesContactPerson(
  value: Pick<ClinicianInput, 'contactPerson' | 'status' | 'hospitalId'>,
  self: Pick<ClinicianInput, 'contactPerson' | 'status' | 'hospitalId'> | null,
): boolean {
  const counts = (c: typeof value) => c.contactPerson && (c.status ?? 'active') === 'active';
  return counts(value) && (self === null || !counts(self) || self.hospitalId !== value.hospitalId);
}

/** Hospital networks come from the same controlled list as clinicians'. */
export function checkHospitalNetworks(values: readonly string[]): FieldError[] {
  return unknownValues('networks', values, networks);
}
