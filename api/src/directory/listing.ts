import { type CursorKey, type DirectorySort, decodeCursor, listingSort } from '@cmss/db';
import type { FastifyRequest } from 'fastify';
import { AppError, badRequest } from '../errors.js';

export const isStaff = (request: FastifyRequest): boolean =>
  request.principal?.role === 'admin' || request.principal?.role === 'helpdesk';

/**
 * Clinicians see active records only; staff may ask for inactive ones (default: active for everyone,
 * so a deactivated entry never turns up in a search by surprise). undefined = every status.
 */
export function statusFilter(
  request: FastifyRequest,
  status: 'active' | 'inactive' | 'all' | undefined,
): 'active' | 'inactive' | undefined {
  const wanted = status ?? 'active';
  if (wanted !== 'active' && !isStaff(request)) {
    throw new AppError(403, 'forbidden', 'Only helpdesk staff and admins can list deactivated records');
  }
  return wanted === 'all' ? undefined : wanted;
}

/** The sort to use and the decoded cursor; 400 for a cursor that is malformed or was made for another sort. */
export function sortAndCursor(query: { q?: string; sort?: DirectorySort; cursor?: string }): {
  sort: DirectorySort;
  cursor: CursorKey | null;
} {
  const sort = listingSort(query.sort, query.q);
  if (!query.cursor) return { sort, cursor: null };
  const cursor = decodeCursor(query.cursor, sort);
  if (!cursor) {
    throw badRequest('invalid_cursor', 'The cursor is malformed or belongs to a different sort order');
  }
  return { sort, cursor };
}
