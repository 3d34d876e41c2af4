import { DuplicateHostAccountError } from '@cmss/db';
import { HostAccount, HostAccountInput, IdParams } from '@cmss/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ADMIN_ONLY } from '../../../access.js';
import { conflict, notFound } from '../../../errors.js';
import { errorResponses } from '../../../http.js';

/** The pool of licensed meeting host accounts. Admins only: adding one adds booking capacity. */
const hostAccounts: FastifyPluginAsyncTypebox = async (app) => {
  const repo = app.booking.repos.hosts;
  const tags = ['host accounts'];
  const dto = (row: NonNullable<ReturnType<typeof repo.find>>) => ({
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    capacity: row.capacity,
    webinarCapable: row.webinarCapable,
    active: row.active,
  });

  app.get(
    '/host-accounts',
    {
      config: { access: ADMIN_ONLY },
      schema: {
        tags,
        operationId: 'listHostAccounts',
        summary: 'List host accounts',
        response: { 200: Type.Object({ items: Type.Array(HostAccount) }), ...errorResponses(401, 403) },
      },
    },
    async () => ({ items: repo.list().map(dto) }),
  );

  app.post(
    '/host-accounts',
    {
      config: { access: ADMIN_ONLY },
      schema: {
        tags,
        operationId: 'createHostAccount',
        summary: 'Add a host account to the pool (honours Idempotency-Key)',
        body: HostAccountInput,
        response: { 201: HostAccount, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      try {
        const row = repo.create({
          email: request.body.email,
          displayName: request.body.displayName.trim(),
          capacity: request.body.capacity ?? 100,
          webinarCapable: request.body.webinarCapable ?? false,
        });
        app.audit(request, { action: 'host_account.create', entity: 'host_account', entityId: row.id });
        return reply.code(201).send(dto(row));
      } catch (error) {
        if (error instanceof DuplicateHostAccountError)
          throw conflict('duplicate_host_account', error.message);
        throw error;
      }
    },
  );

  app.post(
    '/host-accounts/:id/deactivate',
    {
      config: { access: ADMIN_ONLY, idempotency: false },
      schema: {
        tags,
        operationId: 'deactivateHostAccount',
        summary: 'Take a host account out of the pool (meetings already booked on it stay)',
        params: IdParams,
        response: { 200: HostAccount, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const row = repo.setActive(request.params.id, false);
      if (!row) throw notFound('Host account');
      app.audit(request, { action: 'host_account.deactivate', entity: 'host_account', entityId: row.id });
      return dto(row);
    },
  );
};

export default hostAccounts;
