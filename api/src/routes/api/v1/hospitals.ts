import { createHospitalsRepository, type DuplicateHospital, type VersionedWrite } from '@cmss/db';
import { COUNTRY_CODES, differingKeys, Hospital, HospitalInput, IdParams } from '@cmss/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ADMIN_ONLY, ANY_SIGNED_IN } from '../../../access.js';
import { checkHospitalNetworks, type FieldError } from '../../../directory/clinician-rules.js';
import { recordToWrite, sendWithEtag, written } from '../../../directory/etag.js';
import { isStaff, sortAndCursor, statusFilter } from '../../../directory/listing.js';
import {
  HospitalListQuery,
  HospitalPage,
  IdempotencyHeaders,
  IfMatchHeaders,
} from '../../../directory/schemas.js';
import { checkListLength, checkText, schemaLimit, type TextRule } from '../../../directory/text-rules.js';
import { conflict, notFound, unprocessable } from '../../../errors.js';
import { ETAG_HEADER, errorResponses, locationHeader, withHeaders } from '../../../http.js';

const countries = new Set(COUNTRY_CODES);

/** The schema's limits and the directory's text rules (text-rules.ts), shared with clinicians. */
const hospitalText = {
  name: {
    field: 'name',
    label: 'Name',
    maxLength: schemaLimit(HospitalInput.properties.name, 'maxLength'),
    minLength: schemaLimit(HospitalInput.properties.name, 'minLength'),
    visible: true,
  },
  city: {
    field: 'city',
    label: 'City',
    maxLength: schemaLimit(HospitalInput.properties.city, 'maxLength'),
    visible: true,
  },
} satisfies Record<string, TextRule>;
const maxNetworks = schemaLimit(HospitalInput.properties.networks, 'maxItems');

/**
 * The directory's rules for a hospital. `current`, when updating: a name or city kept as stored is not
 * checked again, so a hospital stored before a rule was tightened can still be corrected otherwise.
 */
function checkHospital(input: HospitalInput, current?: Pick<HospitalInput, 'name' | 'city'>): HospitalInput {
  const value = {
    ...input,
    // NFC, as clinicians' names (clinician-rules.ts): one spelling whether typed composed or decomposed.
    name: input.name.trim().normalize('NFC'),
    city: input.city.trim().normalize('NFC'),
    networks: [...input.networks].sort(),
  };
  const errors: FieldError[] = [
    ...checkListLength('networks', value.networks, maxNetworks),
    ...checkHospitalNetworks(value.networks),
  ];
  if (!countries.has(value.countryCode)) {
    errors.push({
      field: 'countryCode',
      code: 'unknown_country',
      message: `${value.countryCode} is not a country of the network (GET /api/v1/countries)`,
    });
  }
  for (const field of ['name', 'city'] as const) {
    const text = value[field];
    const rule = hospitalText[field];
    const error = !text
      ? { field, code: 'required', message: `${rule.label} is empty` }
      : text === current?.[field].normalize('NFC') // kept as stored (stored decomposed: the same)
        ? null
        : checkText(text, rule);
    if (error) errors.push(error);
  }
  if (errors.length) throw unprocessable('invalid_hospital', 'The hospital breaks directory rules', errors);
  return value;
}

/** 409: the hospital is in the directory already (same country, folded name and city), active or not. */
function hospitalExists(existingId: number) {
  const message = `The directory has this hospital already: hospital ${existingId} (same country, name and city, ignoring case, accents and spacing)`;
  return conflict('hospital_exists', message, [
    { field: 'name', code: 'hospital_exists', message, existingId },
  ]);
}

/** The hospital an update stored; 409 for a twin of another, else as `written` (412, 404). */
function updated(result: VersionedWrite<Hospital> | DuplicateHospital): Hospital {
  if (!result.ok && result.reason === 'duplicate') throw hospitalExists(result.existingId);
  return written(result, 'Hospital');
}

const hospitalExample = {
  name: 'Uniwersytecki Szpital Kliniczny w Łodzi',
  city: 'Łódź',
  countryCode: 'PL',
  referenceCentre: true,
  networks: ['ern-lung'],
};

const hospitals: FastifyPluginAsyncTypebox = async (app) => {
  const repo = createHospitalsRepository(app.database.db);

  app.get(
    '/hospitals',
    {
      config: { access: ANY_SIGNED_IN },
      schema: {
        tags: ['directory'],
        operationId: 'listHospitals',
        summary: 'List and search hospitals',
        description:
          'Cursor-paginated: pass `nextCursor` back as `cursor` with the same `q`, filters and sort (400 `invalid_cursor` otherwise; `limit` may change). `q` matches name words by prefix, then city and country, ignoring accents and scripts. `country` and `network` take the ids of GET /countries and /vocabularies: another value is a 400 naming it. `facets=true` adds counts per country, counted without the `country` filter. Clinicians see active hospitals only.',
        querystring: HospitalListQuery,
        response: { 200: HospitalPage, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const query = request.query;
      const filter = {
        q: query.q,
        countries: query.country,
        networks: query.network,
        referenceCentre: query.referenceCentre,
        status: statusFilter(request, query.status),
      };
      const { sort, cursor } = sortAndCursor('hospitals', query, filter);
      const page = repo.list({ ...filter, sort, cursor, limit: query.limit ?? 50 });
      return query.facets ? { ...page, facets: { country: repo.countryFacet(filter) } } : page;
    },
  );

  app.get(
    '/hospitals/:id',
    {
      config: { access: ANY_SIGNED_IN },
      schema: {
        tags: ['directory'],
        operationId: 'getHospital',
        summary: 'One hospital, with its ETag for updates',
        params: IdParams,
        response: { 200: withHeaders(Hospital, ETAG_HEADER), ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const hospital = repo.get(request.params.id);
      if (!hospital || (hospital.status !== 'active' && !isStaff(request))) throw notFound('Hospital');
      return sendWithEtag(reply, hospital);
    },
  );

  app.post(
    '/hospitals',
    {
      config: { access: ADMIN_ONLY },
      schema: {
        tags: ['directory'],
        operationId: 'createHospital',
        summary: 'Add a hospital',
        description:
          '409 `hospital_exists` when a hospital with the same country, name and city (ignoring case, accents and spacing) is in the directory, active or not; `details[0].existingId` names it. 422 with `details[]` for every other broken rule.',
        headers: IdempotencyHeaders,
        body: Type.Object(HospitalInput.properties, {
          additionalProperties: false,
          examples: [hospitalExample],
        }),
        response: {
          201: withHeaders(Hospital, locationHeader('/api/v1/hospitals/7'), ETAG_HEADER),
          ...errorResponses(400, 401, 403, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const created = repo.create(checkHospital(request.body));
      if (!created.ok) throw hospitalExists(created.existingId);
      const hospital = created.record;
      app.audit(request, {
        action: 'create',
        entity: 'hospital',
        entityId: hospital.id,
        fields: Object.keys(request.body),
      });
      reply.code(201).header('location', `/api/v1/hospitals/${hospital.id}`);
      return sendWithEtag(reply, hospital);
    },
  );

  app.patch(
    '/hospitals/:id',
    {
      config: { access: ADMIN_ONLY },
      schema: {
        tags: ['directory'],
        operationId: 'updateHospital',
        summary: 'Change a hospital (optimistic concurrency)',
        description:
          'Send `If-Match` with the ETag of your last read: 412 if someone changed the hospital since, 428 without the header (400 when it is not ETags). 409 `hospital_exists` when the new country, name or city make it the same as another hospital (`details[0].existingId`).',
        params: IdParams,
        headers: IfMatchHeaders,
        // Partial drops the input's additionalProperties: false; a misspelt field must still be a 400.
        body: Type.Partial(HospitalInput, { additionalProperties: false, examples: [{ city: 'Lodz' }] }),
        response: {
          200: withHeaders(Hospital, ETAG_HEADER),
          ...errorResponses(400, 401, 403, 404, 409, 412, 422, 428),
        },
      },
    },
    async (request, reply) => {
      const current = recordToWrite(request, 'Hospital', () => repo.get(request.params.id));
      const merged = checkHospital(
        {
          name: current.name,
          city: current.city,
          countryCode: current.countryCode,
          referenceCentre: current.referenceCentre,
          networks: current.networks,
          status: current.status,
          ...request.body,
        },
        current,
      );
      const keys = Object.keys(merged) as (keyof HospitalInput)[];
      if (differingKeys<HospitalInput>(current, merged, keys).length === 0) {
        return sendWithEtag(reply, current);
      }
      const record = updated(repo.update(current.id, current.version, merged));
      app.audit(request, {
        action: 'update',
        entity: 'hospital',
        entityId: current.id,
        fields: Object.keys(request.body),
      });
      return sendWithEtag(reply, record);
    },
  );

  app.post(
    '/hospitals/:id/deactivate',
    {
      config: { access: ADMIN_ONLY },
      schema: {
        tags: ['directory'],
        operationId: 'deactivateHospital',
        summary: 'Deactivate a hospital (records are never deleted here)',
        description:
          'Needs `If-Match`. The hospital disappears from clinicians\u2019 searches; its clinicians keep their own status. Reactivate with PATCH `{"status":"active"}`.',
        params: IdParams,
        headers: IfMatchHeaders,
        response: {
          200: withHeaders(Hospital, ETAG_HEADER),
          ...errorResponses(400, 401, 403, 404, 412, 428),
        },
      },
    },
    async (request, reply) => {
      const current = recordToWrite(request, 'Hospital', () => repo.get(request.params.id));
      if (current.status === 'inactive') return sendWithEtag(reply, current);
      const { id: _id, status: _s, createdAt: _c, updatedAt: _u, version: _v, ...fields } = current;
      const record = updated(repo.update(current.id, current.version, { ...fields, status: 'inactive' }));
      app.audit(request, {
        action: 'deactivate',
        entity: 'hospital',
        entityId: current.id,
        fields: ['status'],
      });
      return sendWithEtag(reply, record);
    },
  );
};

export default hospitals;
