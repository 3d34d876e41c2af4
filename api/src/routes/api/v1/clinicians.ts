import {
  type ClinicianFilter,
  createCliniciansRepository,
  createDirectorySearchRepository,
  createHospitalsRepository,
} from '@cmss/db';
import { Clinician, ClinicianInput, IdParams } from '@cmss/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { ADMIN_ONLY, ANY_SIGNED_IN } from '../../../access.js';
import { checkClinician, type DirectoryLookups } from '../../../directory/clinician-rules.js';
import { recordToWrite, sendWithEtag, written } from '../../../directory/etag.js';
import { isStaff, sortAndCursor, statusFilter } from '../../../directory/listing.js';
import {
  ClinicianListQuery,
  ClinicianPage,
  IdempotencyHeaders,
  IfMatchHeaders,
} from '../../../directory/schemas.js';
import { createSerializedBodies } from '../../../directory/serialized-bodies.js';
import { changedFields, inputOf } from '../../../directory/spreadsheet/row-input.js';
import { conflict, notFound, unprocessable } from '../../../errors.js';
import { ETAG_HEADER, errorResponses, locationHeader, withHeaders } from '../../../http.js';

/** Personal data fields returned by reads; named in the audit trail. */
const PERSONAL_FIELDS = ['givenName', 'familyName', 'title', 'email', 'phone', 'hospitalId', 'role'];

const clinicianExample: ClinicianInput = {
  title: 'Dr',
  givenName: 'Anna',
  familyName: 'Kowalska',
  role: 'clinician',
  hospitalId: 1,
  email: 'anna.kowalska@example.org',
  phone: '+48 42 123 45 67',
  specialties: ['infectious-diseases'],
  languages: ['pl', 'en'],
  networks: ['cmss-covid19'],
  contactPerson: true,
};

export function clinicianFilterFromQuery(
  request: FastifyRequest,
  query: {
    q?: string;
    status?: 'active' | 'inactive' | 'all';
    country?: string[];
    hospitalId?: number[];
    specialty?: string[];
    network?: string[];
    language?: string[];
    role?: string[];
    contactPerson?: boolean;
  },
): ClinicianFilter {
  return {
    q: query.q,
    status: statusFilter(request, query.status),
    countries: query.country,
    hospitalIds: query.hospitalId,
    specialties: query.specialty,
    networks: query.network,
    languages: query.language,
    roles: query.role,
    contactPerson: query.contactPerson,
  };
}

const clinicians: FastifyPluginAsyncTypebox = async (app) => {
  // Rows written by raw SQL (the demo seed, a restore) have no search columns yet: index them before
  // the first search. Cheap when there is nothing to do (one indexed-less scan of a NULL column).
  const indexed = createDirectorySearchRepository(app.database.db).rebuild({ onlyMissing: true });
  if (indexed.clinicians + indexed.hospitals > 0) app.log.info(indexed, 'directory search index completed');

  const repo = createCliniciansRepository(app.database.db, { cacheEntries: app.config.searchCacheEntries });
  const hospitals = createHospitalsRepository(app.database.db);
  const sendSerialized = createSerializedBodies();
  const lookups: DirectoryLookups = {
    hospital: (id) => hospitals.get(id),
    clinicianIdByEmail: (email) => repo.findIdByEmail(email),
    contactPersons: (hospitalId) => repo.contactPersonsOf(hospitalId),
  };

  const validated = (input: ClinicianInput, self: Clinician | null) => {
    const result = checkClinician(input, lookups, self);
    if (!result.ok) {
      const taken = result.errors.find((e) => e.code === 'email_taken');
      // A duplicate e-mail is a conflict with another record rather than a malformed request.
      if (taken && result.errors.length === 1) {
        throw conflict('email_taken', taken.message, result.errors);
      }
      throw unprocessable('invalid_clinician', 'The clinician breaks directory rules', result.errors);
    }
    return result.value;
  };

  app.get(
    '/clinicians',
    {
      config: { access: ANY_SIGNED_IN },
      schema: {
        tags: ['directory'],
        operationId: 'listClinicians',
        summary: 'List, filter and search clinicians',
        description: [
          'Cursor-paginated: pass `nextCursor` back as `cursor` with the same `q`, filters and sort (400 `invalid_cursor` otherwise; `limit` may change).',
          '`q` is type-ahead search over names, hospital, city and specialties: every word must start a word,',
          'accents and scripts are ignored (`lodz` → Łódź, `mueller`/`muller` → Müller, `gross` → Groß,',
          '`papadopoulos` → Παπαδόπουλος). Ranked: the whole name as typed, then names with every word (as typed, then in another spelling: `müller` ranks Müller before Mueller), then name prefixes, then other fields.',
          '`facets=true` adds counts per country, hospital, specialty and language over all matches, each',
          "counted without its own filter: a value's count is what choosing it (as well) would find.",
          '`specialty`, `network`, `language` and `country` take the ids of GET /vocabularies and /countries:',
          'another value (a typo, a label) is a 400 `validation_failed` naming the parameter and the value.',
          'Clinicians see active records only. Every call is recorded in the audit trail (personal data).',
        ].join(' '),
        querystring: ClinicianListQuery,
        response: { 200: ClinicianPage, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const query = request.query;
      const filter = clinicianFilterFromQuery(request, query);
      const { sort, cursor } = sortAndCursor('clinicians', query, filter);
      const page = repo.list({ ...filter, sort, cursor, limit: query.limit ?? 50 });
      app.audit(request, {
        action: 'read',
        entity: 'clinician',
        entityId: null,
        fields: PERSONAL_FIELDS,
        details: { ids: page.items.map((c) => c.id), q: query.q ?? null },
      });
      if (!query.facets) return sendSerialized(reply, [page], () => page);
      const facets = repo.facets(filter);
      return sendSerialized(reply, [page, facets], () => ({ ...page, facets }));
    },
  );

  app.get(
    '/clinicians/:id',
    {
      config: { access: ANY_SIGNED_IN },
      schema: {
        tags: ['directory'],
        operationId: 'getClinician',
        summary: 'One clinician, with its ETag for updates',
        params: IdParams,
        response: { 200: withHeaders(Clinician, ETAG_HEADER), ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const clinician = repo.get(request.params.id);
      if (!clinician || (clinician.status !== 'active' && !isStaff(request))) throw notFound('Clinician');
      app.audit(request, {
        action: 'read',
        entity: 'clinician',
        entityId: clinician.id,
        fields: PERSONAL_FIELDS,
      });
      return sendWithEtag(reply, clinician);
    },
  );

  app.post(
    '/clinicians',
    {
      config: { access: ADMIN_ONLY },
      schema: {
        tags: ['directory'],
        operationId: 'createClinician',
        summary: 'Add a clinician',
        description:
          'The phone is stored in E.164 (a national number is read in the hospital\u2019s country). 409 `email_taken` when the e-mail already exists, ignoring case, and nothing else is wrong; 422 with `details[]` for every broken rule, a taken e-mail among them (`email_taken`), when there are others.',
        headers: IdempotencyHeaders,
        body: Type.Object(ClinicianInput.properties, {
          additionalProperties: false,
          examples: [clinicianExample],
        }),
        response: {
          201: withHeaders(Clinician, locationHeader('/api/v1/clinicians/42'), ETAG_HEADER),
          ...errorResponses(400, 401, 403, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const clinician = repo.create(validated(request.body, null));
      app.audit(request, {
        action: 'create',
        entity: 'clinician',
        entityId: clinician.id,
        fields: Object.keys(request.body),
      });
      reply.code(201).header('location', `/api/v1/clinicians/${clinician.id}`);
      return sendWithEtag(reply, clinician);
    },
  );

  app.patch(
    '/clinicians/:id',
    {
      config: { access: ADMIN_ONLY },
      schema: {
        tags: ['directory'],
        operationId: 'updateClinician',
        summary: 'Change a clinician (optimistic concurrency)',
        description:
          'Only the fields sent change. Send `If-Match` with the ETag of your last read: 412 `precondition_failed` if the record changed since (the body names the current version), 428 `precondition_required` without the header (400 `invalid_if_match` when it is not ETags), `*` to overwrite any version.',
        params: IdParams,
        headers: IfMatchHeaders,
        // Partial drops the input's additionalProperties: false; a misspelt field must still be a 400.
        body: Type.Partial(ClinicianInput, {
          additionalProperties: false,
          examples: [{ phone: '+48 42 765 43 21', languages: ['pl', 'en', 'de'] }],
        }),
        response: {
          200: withHeaders(Clinician, ETAG_HEADER),
          ...errorResponses(400, 401, 403, 404, 409, 412, 422, 428),
        },
      },
    },
    async (request, reply) => {
      const current = recordToWrite(request, 'Clinician', () => repo.get(request.params.id));
      const input = validated({ ...inputOf(current), ...request.body }, current);
      if (changedFields(inputOf(current), input).length === 0) return sendWithEtag(reply, current);
      const record = written(repo.update(current.id, current.version, input), 'Clinician');
      app.audit(request, {
        action: 'update',
        entity: 'clinician',
        entityId: current.id,
        fields: Object.keys(request.body),
      });
      return sendWithEtag(reply, record);
    },
  );

  app.post(
    '/clinicians/:id/deactivate',
    {
      config: { access: ADMIN_ONLY },
      schema: {
        tags: ['directory'],
        operationId: 'deactivateClinician',
        summary: 'Deactivate a clinician (never deleted here; erasure is a data-protection request)',
        description:
          'Needs `If-Match`. The clinician disappears from searches by clinicians and can no longer be invited; staff still see the record with `status=inactive`. Reactivate with PATCH `{"status":"active"}`.',
        params: IdParams,
        headers: IfMatchHeaders,
        response: {
          200: withHeaders(Clinician, ETAG_HEADER),
          ...errorResponses(400, 401, 403, 404, 412, 428),
        },
      },
    },
    async (request, reply) => {
      const current = recordToWrite(request, 'Clinician', () => repo.get(request.params.id));
      if (current.status === 'inactive') return sendWithEtag(reply, current);
      const record = written(
        repo.update(current.id, current.version, {
          ...inputOf(current),
          status: 'inactive',
        }),
        'Clinician',
      );
      app.audit(request, {
        action: 'deactivate',
        entity: 'clinician',
        entityId: current.id,
        fields: ['status'],
      });
      return sendWithEtag(reply, record);
    },
  );
};

export default clinicians;
