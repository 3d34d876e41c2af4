import { sql } from 'drizzle-orm';
import {
  type AnySQLiteColumn,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';

/** Reference data, upserted from shared/COUNTRIES at start-up. */
export const countries = sqliteTable('countries', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  timeZone: text('time_zone').notNull(),
  membership: text('membership', { enum: ['EU', 'EEA', 'UK'] }).notNull(),
});

/**
 * Search columns, written by the directory repositories (folding needs JS: transliteration), copied into
 * the FTS5 tables by triggers (see the `directory_search` migration). NULL means "not indexed yet", e.g.
 * rows inserted by raw SQL; `createDirectorySearchRepository(db).rebuild()` fills them.
 */
const searchColumns = {
  /** Folded name words, with variant spellings (Müller → muller mueller): ranked above other fields. */
  searchName: text('search_name'),
  /** Folded words of the other searchable fields (hospital, city, specialties). */
  searchText: text('search_text'),
  /** Folded name for sorting and cursor pagination (Łukasz sorts with Lukasz). */
  sortName: text('sort_name'),
};

/**
 * The listings sort by `coalesce(sort_name, '')` (a row not indexed yet still has a place), so the sort
 * indexes are on that expression: one on the bare column is never used for it, and every page of a
 * 100k-clinician listing or export sorted the whole table (150-220 ms a page).
 */
const sortKey = (sortName: AnySQLiteColumn) => sql`coalesce(${sortName}, '')`;

export const hospitals = sqliteTable(
  'hospitals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    city: text('city').notNull(),
    countryCode: text('country_code')
      .notNull()
      .references(() => countries.code),
    referenceCentre: integer('reference_centre', { mode: 'boolean' }).notNull().default(false),
    status: text('status', { enum: ['active', 'inactive'] })
      .notNull()
      .default('active'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    version: integer('version').notNull().default(1),
    ...searchColumns,
  },
  (t) => [
    index('hospitals_country_idx').on(t.countryCode, t.name),
    index('hospitals_sort_idx').on(sortKey(t.sortName), t.id),
    index('hospitals_country_sort_idx').on(t.countryCode, t.sortName),
  ],
);

export const hospitalNetworks = sqliteTable(
  'hospital_networks',
  {
    hospitalId: integer('hospital_id')
      .notNull()
      .references(() => hospitals.id, { onDelete: 'cascade' }),
    network: text('network').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.hospitalId, t.network] }),
    index('hospital_networks_network_idx').on(t.network),
  ],
);

export const clinicians = sqliteTable(
  'clinicians',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    title: text('title'),
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    role: text('role', { enum: ['clinician', 'case_manager'] }).notNull(),
    hospitalId: integer('hospital_id')
      .notNull()
      .references(() => hospitals.id),
    email: text('email').notNull(),
    /** Lower-cased e-mail: uniqueness is case-insensitive. */
    emailNormalised: text('email_normalised').notNull(),
    phone: text('phone'),
    contactPerson: integer('contact_person', { mode: 'boolean' }).notNull().default(false),
    status: text('status', { enum: ['active', 'inactive'] })
      .notNull()
      .default('active'),
    privacyNoticeAcknowledgedAt: text('privacy_notice_acknowledged_at'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    version: integer('version').notNull().default(1),
    ...searchColumns,
  },
  (t) => [
    uniqueIndex('clinicians_email_idx').on(t.emailNormalised),
    index('clinicians_sort_idx').on(sortKey(t.sortName), t.id),
    // GET /clinicians?sort=updatedAt pages through what changed, in order.
    index('clinicians_updated_idx').on(t.updatedAt, t.id),
    index('clinicians_hospital_idx').on(t.hospitalId),
    // The active contact persons of a hospital (at most MAX_CONTACT_PERSONS): a few hundred entries
    // that the rule's checks read instead of every clinician of the hospitals an import touches.
    index('clinicians_contact_persons_idx')
      .on(t.hospitalId)
      .where(sql`${t.contactPerson} = 1 AND ${t.status} = 'active'`),
  ],
);

/** Multi-valued attributes as junction tables: portable SQL, indexed filters and cheap facet counts. */
export const clinicianSpecialties = sqliteTable(
  'clinician_specialties',
  {
    clinicianId: integer('clinician_id')
      .notNull()
      .references(() => clinicians.id, { onDelete: 'cascade' }),
    specialty: text('specialty').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.clinicianId, t.specialty] }),
    index('clinician_specialties_idx').on(t.specialty),
  ],
);

export const clinicianLanguages = sqliteTable(
  'clinician_languages',
  {
    clinicianId: integer('clinician_id')
      .notNull()
      .references(() => clinicians.id, { onDelete: 'cascade' }),
    language: text('language').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.clinicianId, t.language] }),
    index('clinician_languages_idx').on(t.language),
  ],
);

export const clinicianNetworks = sqliteTable(
  'clinician_networks',
  {
    clinicianId: integer('clinician_id')
      .notNull()
      .references(() => clinicians.id, { onDelete: 'cascade' }),
    network: text('network').notNull(),
  },
  (t) => [primaryKey({ columns: [t.clinicianId, t.network] }), index('clinician_networks_idx').on(t.network)],
);

/** Licensed Webex host accounts the helpdesk books meetings on. */
export const hostAccounts = sqliteTable('host_accounts', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  email: text('email').notNull().unique(),
  displayName: text('display_name').notNull(),
  capacity: integer('capacity').notNull().default(100),
  webinarCapable: integer('webinar_capable', { mode: 'boolean' }).notNull().default(false),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdAt: text('created_at').notNull(),
});
