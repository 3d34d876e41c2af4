import { type Static, Type } from 'typebox';
import { CountryCode, E164Phone, Email, Id, Instant, Nullable, TimeZone } from './common.js';

export const Country = Type.Object(
  {
    code: CountryCode,
    name: Type.String(),
    timeZone: TimeZone,
    membership: Type.Enum(['EU', 'EEA', 'UK']),
  },
  { title: 'Country' },
);
export type Country = Static<typeof Country>;

export const VocabularyEntrySchema = Type.Object({ id: Type.String(), label: Type.String() });

/**
 * A hospital appoints one or two contact persons: requests addressed to a hospital invite them, so a
 * third would be invited to every case of that hospital.
 */
export const MAX_CONTACT_PERSONS = 2;

export const RecordStatus = Type.Enum(['active', 'inactive']);
export type RecordStatus = Static<typeof RecordStatus>;

const hospitalFields = {
  name: Type.String({ minLength: 2, maxLength: 200, examples: ['Uniwersytecki Szpital Kliniczny w Łodzi'] }),
  city: Type.String({ minLength: 1, maxLength: 120, examples: ['Łódź'] }),
  countryCode: CountryCode,
  referenceCentre: Type.Boolean({ description: 'Member of a European Reference Network' }),
  networks: Type.Array(Type.String(), { uniqueItems: true, maxItems: 30 }),
};

export const Hospital = Type.Object(
  {
    id: Id,
    ...hospitalFields,
    status: RecordStatus,
    createdAt: Instant,
    updatedAt: Instant,
    version: Type.Integer({ minimum: 1, description: 'Rises on every change; the ETag' }),
  },
  { title: 'Hospital' },
);
export type Hospital = Static<typeof Hospital>;

export const HospitalInput = Type.Object(
  { ...hospitalFields, status: Type.Optional(RecordStatus) },
  { additionalProperties: false },
);
export type HospitalInput = Static<typeof HospitalInput>;

export const ClinicianRole = Type.Enum(['clinician', 'case_manager']);
export type ClinicianRole = Static<typeof ClinicianRole>;

const clinicianFields = {
  title: Nullable(Type.String({ maxLength: 40, examples: ['Dr'] })),
  givenName: Type.String({ minLength: 1, maxLength: 100, examples: ['Anna'] }),
  familyName: Type.String({ minLength: 1, maxLength: 100, examples: ['Kowalska'] }),
  role: ClinicianRole,
  hospitalId: Id,
  email: Email,
  phone: Nullable(Type.String({ maxLength: 40, description: 'Normalised to E.164 on write' })),
  specialties: Type.Array(Type.String(), { uniqueItems: true, maxItems: 20 }),
  languages: Type.Array(Type.String(), { uniqueItems: true, maxItems: 20 }),
  networks: Type.Array(Type.String(), { uniqueItems: true, maxItems: 30 }),
  contactPerson: Type.Boolean({
    description: `One of the hospital's 1–${MAX_CONTACT_PERSONS} appointed contact persons (active ones; a third is refused)`,
  }),
};

export const Clinician = Type.Object(
  {
    id: Id,
    ...clinicianFields,
    phone: Nullable(E164Phone),
    countryCode: CountryCode,
    hospitalName: Type.String(),
    status: RecordStatus,
    privacyNoticeAcknowledgedAt: Nullable(Instant),
    createdAt: Instant,
    updatedAt: Instant,
    version: Type.Integer({ minimum: 1 }),
  },
  { title: 'Clinician' },
);
export type Clinician = Static<typeof Clinician>;

export const ClinicianInput = Type.Object(
  { ...clinicianFields, status: Type.Optional(RecordStatus) },
  { additionalProperties: false },
);
export type ClinicianInput = Static<typeof ClinicianInput>;

export const HostAccount = Type.Object(
  {
    id: Id,
    email: Email,
    displayName: Type.String(),
    capacity: Type.Integer({ minimum: 1, description: 'Largest audience the licence allows' }),
    webinarCapable: Type.Boolean(),
    active: Type.Boolean(),
  },
  { title: 'HostAccount' },
);
export type HostAccount = Static<typeof HostAccount>;
