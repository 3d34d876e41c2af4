import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

/**
 * Optimistic concurrency for directory records. The ETag is the record's version (it rises on every
 * change). Updates and deactivation REQUIRE `If-Match`: without it the API answers 428, because a blind
 * overwrite of a colleague's correction is exactly what this guards against. `If-Match: *` means "any
 * version" for scripts that deliberately overwrite; a stale tag gets 412 with the current version.
 */
export const etagOf = (record: { version: number }): string => `"${record.version}"`;

export function sendWithEtag<T extends { version: number }>(reply: FastifyReply, record: T): T {
  reply.header('etag', etagOf(record));
  return record;
}

/** The version the client expects (null for `*`); throws 428 when the header is missing or unusable. */
export function expectedVersion(request: FastifyRequest): number | null {
  const header = request.headers['if-match'];
  if (header === undefined || header.trim() === '') {
    throw new AppError(
      428,
      'precondition_required',
      'Send If-Match with the ETag from your last read (or * to overwrite any version)',
    );
  }
  if (header.trim() === '*') return null;
  const match = /^(?:W\/)?"(\d+)"$/.exec(header.trim());
  if (!match) {
    throw new AppError(428, 'precondition_required', 'If-Match must be one ETag such as "3", or *');
  }
  return Number(match[1]);
}

/**
 * The answer to an update that changes nothing: the record as it is, not written again, so the ETag
 * colleagues hold stays valid. A stale If-Match is still refused, as it would be for a real change.
 */
export function unchanged<T extends { version: number }>(
  reply: FastifyReply,
  current: T,
  expected: number | null,
): T {
  if (expected !== null && expected !== current.version) throw staleVersion(current);
  return sendWithEtag(reply, current);
}

export function staleVersion(current: { version: number }): AppError {
  return new AppError(
    412,
    'precondition_failed',
    'The record changed since you read it; read it again and re-apply your change',
    { currentVersion: current.version, currentEtag: etagOf(current) },
  );
}
