import {
  Clinician,
  COUNTRY_CODES,
  Hospital,
  Id,
  LANGUAGE_IDS,
  NETWORK_IDS,
  Nullable,
  SPECIALTY_IDS,
  VocabularyEntrySchema,
} from '@cmss/shared';
import { Type } from 'typebox';

/** Request and response shapes of the directory routes (the records themselves live in @cmss/shared). */

const many = <T extends Parameters<typeof Type.Array>[0]>(item: T, description: string) =>
  Type.Optional(
    Type.Array(item, { maxItems: 50, description: `${description}; repeat the parameter for several` }),
  );

/**
 * Filter values are ids of the controlled vocabularies (GET /api/v1/vocabularies): anything else (a typo,
 * a label such as "Cardiology") is a 400 naming the parameter and the value, never an empty page that
 * reads as "nobody matches".
 */
const vocabulary = (ids: readonly string[]) => Type.Enum([...ids]);
const CountryFilter = vocabulary(COUNTRY_CODES);
const SpecialtyFilter = vocabulary(SPECIALTY_IDS);
const NetworkFilter = vocabulary(NETWORK_IDS);
const LanguageFilter = vocabulary(LANGUAGE_IDS);

export const DirectorySort = Type.Enum(['relevance', 'name', '-name', 'updatedAt', '-updatedAt'], {
  description:
    'Default: relevance with `q`, otherwise name. Relevance: the whole name as typed, then every word a whole name word (as typed, then in another spelling), then name prefixes, then other fields; at each step a name spelt as typed comes before one only its other spelling matches (`maeder`: Maeder, then Mäder); ties by name',
});

export const StatusFilter = Type.Enum(['active', 'inactive', 'all'], {
  description: 'Default active. Only staff may ask for inactive or all',
});

/** `q`: what its words are matched against, and examples that find something there. */
const search = (fields: string, examples: string[], also = '') =>
  Type.Optional(
    Type.String({
      maxLength: 200,
      description: `Type-ahead search: every word must start a word of the ${fields}; accents and scripts are ignored (lodz → Łódź, mueller → Müller); titles the query begins with are left out (Dr. Franz Weber, dr n. med. …)${also}`,
      examples,
    }),
  );

const common = {
  status: Type.Optional(StatusFilter),
  sort: Type.Optional(DirectorySort),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(
    Type.String({
      maxLength: 512,
      description:
        '`nextCursor` of the previous page. It is bound to the listing that made it and to its `q` (its words, whatever their capitals and spacing), filters, status and sort (their order and repeated values aside; `limit` may change): a cursor of another listing, made with other filters, or made before an upgrade is a 400 `invalid_cursor` whose message says which, never a page of something else. Start again without `cursor` after changing the search',
    }),
  ),
  facets: Type.Optional(
    Type.Boolean({
      default: false,
      description:
        "Also return counts per facet over all matches (costs a few ms). Each facet is counted with every filter except its own (the values of one filter are OR'd): a count is what that value would find with the other filters",
    }),
  ),
};

export const ClinicianFilterQuery = {
  country: many(CountryFilter, 'Hospital country (ISO 3166-1 alpha-2, GET /countries)'),
  hospitalId: many(Id, 'Hospital'),
  specialty: many(SpecialtyFilter, 'Specialty id (GET /vocabularies)'),
  network: many(NetworkFilter, 'Network id (GET /vocabularies)'),
  language: many(LanguageFilter, 'Language (ISO 639-1, GET /vocabularies)'),
  role: many(Type.Enum(['clinician', 'case_manager']), 'Role'),
  contactPerson: Type.Optional(Type.Boolean()),
};

export const ClinicianListQuery = Type.Object(
  {
    q: search(
      'name, hospital, city or specialty',
      ['lodz', 'mueller card', 'franz.weber@akh.example'],
      '; an e-mail address, as far as it is typed (franz.weber@…), finds the clinicians whose e-mail begins so',
    ),
    ...common,
    ...ClinicianFilterQuery,
  },
  { additionalProperties: false },
);

export const HospitalListQuery = Type.Object(
  {
    q: search('name, city or country', ['lodz', 'klinikum munchen']),
    ...common,
    country: many(CountryFilter, 'Country (ISO 3166-1 alpha-2, GET /countries)'),
    network: many(NetworkFilter, 'Network id (GET /vocabularies)'),
    referenceCentre: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const FacetCount = Type.Object({
  value: Type.String({
    description:
      "What to pass back as the facet's query parameter to choose it: always a string, as query parameters are (a hospital's id too)",
  }),
  label: Type.String({
    description:
      "For people: the country's English name, the hospital's name, the specialty's or language's label (GET /vocabularies)",
  }),
  count: Type.Integer({ minimum: 0 }),
});

/** A facet's counts, described with the query parameter its values go back as. */
const facet = (parameter: string, description = '') =>
  Type.Array(FacetCount, {
    description: `${description}Values for \`${parameter}\`. Counted with every filter except \`${parameter}\` itself, so choosing a value does not hide the others: each count is what that value would find with the other filters. A chosen value is always listed: last, with count 0, when the other filters leave it no match`,
  });

export const ClinicianFacets = Type.Object({
  country: facet('country'),
  hospital: facet(
    'hospitalId',
    'The 20 hospitals with most matches, and every hospital chosen in `hospitalId`. ',
  ),
  specialty: facet('specialty'),
  language: facet('language'),
});

const nextCursor = Nullable(
  Type.String({ description: 'Pass back as `cursor` for the next page; null at the end' }),
);

export const ClinicianPage = Type.Object({
  items: Type.Array(Clinician),
  nextCursor,
  facets: Type.Optional(ClinicianFacets),
});

export const HospitalPage = Type.Object({
  items: Type.Array(Hospital),
  nextCursor,
  facets: Type.Optional(Type.Object({ country: facet('country') })),
});

export const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(
    Type.String({
      description:
        'ETag of the version you read (required; 428 without it). Several, comma-separated, accept any of them; `*` accepts any version.',
      examples: ['"3"'],
    }),
  ),
});

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      maxLength: 255,
      description:
        'Retry-safe creation: the same key replays the first successful answer, with its Location and ETag (`Idempotent-Replayed: true`); after a 4xx, nothing is stored and the corrected request may use the same key',
    }),
  ),
});

export const Vocabularies = Type.Object({
  specialties: Type.Array(VocabularyEntrySchema),
  languages: Type.Array(VocabularyEntrySchema),
  networks: Type.Array(VocabularyEntrySchema),
  roles: Type.Array(VocabularyEntrySchema),
  countries: Type.Array(VocabularyEntrySchema),
});

const Outcome = Type.Enum(['created', 'updated', 'unchanged', 'error']);
const Summary = Type.Object({
  rows: Type.Integer(),
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  error: Type.Integer(),
});

export const ImportRowOutcome = Type.Object({
  row: Type.Integer({
    description:
      'Row number as a spreadsheet application shows it (the header is row 1; a multi-line cell stays in one row)',
  }),
  outcome: Outcome,
  email: Nullable(Type.String()),
  clinicianId: Nullable(
    Type.Integer({
      description:
        'The clinician the row matched by e-mail (also of an error row); of a created row, the one created, once committed',
    }),
  ),
  errors: Type.Optional(
    Type.Array(Type.Object({ column: Type.String(), reason: Type.String() }), {
      description:
        'Why the row will not be written (error rows only): the column as named in the template, or `row` for the whole row (a CSV row with more cells than the header, or lacking some)',
    }),
  ),
  changes: Type.Optional(
    Type.Array(Type.String(), {
      description: 'Columns an update changes, named as in the template (as `errors[].column` are)',
      examples: [['given_name', 'languages']],
    }),
  ),
  values: Type.Optional(
    Type.Record(Type.String(), Type.Object({ from: Type.Unknown(), to: Type.Unknown() }), {
      description:
        'Of an update, each changed column: the value in the directory when the dry run was made, and the value the file gives (lists as arrays of vocabulary ids)',
      examples: [
        { given_name: { from: 'Petia', to: 'Petya' }, languages: { from: ['pl'], to: ['pl', 'en'] } },
      ],
    }),
  ),
});

export const ImportView = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    status: Type.Enum(['dry_run', 'committed']),
    fileName: Nullable(Type.String()),
    format: Type.Enum(['csv', 'xlsx']),
    encoding: Nullable(
      Type.String({
        description:
          'Encoding a CSV was read in (null for XLSX): utf-8, utf-16le, utf-16be, windows-1252 or windows-1250. UTF-16 by its BOM or its zero bytes. Otherwise read as ASCII until its first non-ASCII byte, wherever it comes: UTF-8 if that byte begins a UTF-8 character, else Windows-1250 (Excel "CSV" on a Central European Windows) when the text has Central European letters, else Windows-1252',
        examples: ['windows-1252'],
      }),
    ),
    createdBy: Type.String(),
    createdAt: Type.String(),
    committedBy: Nullable(
      Type.String({ description: 'Who committed it, as `createdBy` names who made the dry run' }),
    ),
    committedAt: Nullable(Type.String()),
    summary: Type.Object({ dryRun: Summary, commit: Type.Optional(Summary) }),
  },
  {
    examples: [
      {
        id: '7d0f0f9e-3b1c-4a57-9c55-0d1a3f1e2b4c',
        status: 'dry_run',
        fileName: 'poland-2026.csv',
        format: 'csv',
        encoding: 'windows-1252',
        createdBy: 'apikey:1',
        createdAt: '2026-11-21T10:00:00.000Z',
        committedBy: null,
        committedAt: null,
        summary: { dryRun: { rows: 3, created: 1, updated: 1, unchanged: 0, error: 1 } },
      },
    ],
  },
);

export const DryRunResponse = Type.Object({
  import: ImportView,
  ignoredColumns: Type.Array(Type.String(), {
    description:
      'Headers that match no known column, and columns without a header that hold values ("column F (values without a header)"): not read',
  }),
  ignoredRows: Type.Array(Type.Object({ row: Type.Integer(), cells: Type.Array(Type.String()) }), {
    description:
      'Rows above the header row (a title, a note), not imported: their row number and their cells that have a value',
    examples: [[{ row: 1, cells: ['Appointed clinicians – Poland 2026'] }]],
  }),
  worksheet: Type.Union(
    [
      Type.Object({
        name: Type.String({ description: 'Its name, as on its tab' }),
        position: Type.Integer({
          minimum: 1,
          description: "Its position among the workbook's sheets, hidden ones included (1: the first tab)",
        }),
      }),
      Type.Null(),
    ],
    {
      description:
        'Of an XLSX, the worksheet that was read, and no other: the first whose first 10 non-empty rows include a header row naming an e-mail column, visible worksheets taken in tab order (hidden ones are never read). Null for a CSV. Given by the dry run only: the stored import (GET /imports/{id}) has no place for it.',
      examples: [{ name: 'Clinicians', position: 2 }],
    },
  ),
  rows: Type.Array(ImportRowOutcome, {
    description: 'The first 1000 rows; page with GET /imports/{id}/rows',
  }),
  rowsTruncated: Type.Boolean(),
});

export const ImportRowsQuery = Type.Object(
  {
    outcome: Type.Optional(Outcome),
    after: Type.Optional(Type.Integer({ minimum: 0, description: 'Last row number already seen' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
  },
  { additionalProperties: false },
);

export const ImportIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** A file download (CSV or XLSX): documented as binary, sent as a stream (never serialised). */
export const FileDownload = Type.Unsafe<unknown>({ type: 'string', format: 'binary' });
