import type { VersionedWrite } from '@cmss/db';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, badRequest, notFound } from '../errors.js';

/**
 * Optimistic concurrency for directory records. The ETag is the record's version (it rises on every
 * change). Updates and deactivation REQUIRE `If-Match`: without it the API answers 428, because a blind
 * overwrite of a colleague's correction is exactly what this guards against. `If-Match: *` means "any
 * version" for scripts that deliberately overwrite; a stale tag gets 412 with the current version. An
 * update that changes nothing answers the record as it is, not written again, so the ETag colleagues
 * hold stays valid.
 */
export const etagOf = (record: { version: number }): string => `"${record.version}"`;

export function sendWithEtag<T extends { version: number }>(reply: FastifyReply, record: T): T {
  reply.header('etag', etagOf(record));
  return record;
}

/** What `If-Match` accepts: any version (`*`), or the versions of the ETags it lists. */
type IfMatch = '*' | ReadonlySet<number>;

// One entity-tag of an If-Match list (RFC 9110 §8.8.3). W/ is accepted: a proxy that compressed a
// response may have weakened the tag it passed on, and the version it names is still the client's.
const ENTITY_TAG = /^(?:W\/)?"([\x21\x23-\x7e\x80-\xff]*)"$/;
// The tags this API gives: a version. Any other well-formed tag names no version, so never matches.
const VERSION = /^\d{1,15}$/;

/**
 * The precondition a write needs: `If-Match` with one ETag from the client's last read, several
 * (`"3", "4"`: any of them), or `*`. Throws 428 when the header is missing, and 400 when it is not
 * ETags (`3` without quotes, a trailing comma): a client bug to fix, not a precondition forgotten. An
 * ETag this API never gave (`"abc"`) is well-formed and matches nothing: the 412 of a stale one.
 * Both before the record is even looked up: a blind overwrite is refused whatever it targets.
 */
function ifMatch(request: FastifyRequest): IfMatch {
  const header = request.headers['if-match'];
  if (header === undefined || header.trim() === '') {
    throw new AppError(
      428,
      'precondition_required',
      'Send If-Match with the ETag from your last read (or * to overwrite any version)',
    );
  }
  if (header.trim() === '*') return '*';
  const versions = new Set<number>();
  for (const tag of header.split(',')) {
    const match = ENTITY_TAG.exec(tag.trim());
    if (!match) {
      throw badRequest(
        'invalid_if_match',
        'If-Match must be ETags such as "3" (several separated by commas), or *',
      );
    }
    if (VERSION.test(match[1]!)) versions.add(Number(match[1]));
  }
  return versions;
}

/**
 * The record a write targets (`entity` by `find`), in the order the checks are answered: 428 without
 * `If-Match` (400 when it is not ETags), 404 without the record, then 412 unless `If-Match` names its version (or is `*`),
 * before the body's meaning is checked: the client edited a version that is gone. The write is then
 * made against the returned record's version, which the repository checks again as it writes.
 */
export function recordToWrite<T extends { version: number }>(
  request: FastifyRequest,
  entity: string,
  find: () => T | null,
): T {
  const precondition = ifMatch(request);
  const current = find();
  if (!current) throw notFound(entity);
  if (precondition !== '*' && !precondition.has(current.version)) throw staleVersion(current);
  return current;
}

/** The record a versioned write stored; 412 when a change landed in between, 404 when it was erased. */
export function written<T extends { version: number }>(result: VersionedWrite<T>, entity: string): T {
  if (result.ok) return result.record;
  throw result.reason === 'stale' ? staleVersion(result.current) : notFound(entity);
}

function staleVersion(current: { version: number }): AppError {
  return new AppError(
    412,
    'precondition_failed',
    'The record changed since you read it; read it again and re-apply your change',
    { currentVersion: current.version, currentEtag: etagOf(current) },
  );
}
