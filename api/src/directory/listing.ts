import {
  type CursorKey,
  type DirectorySort,
  decodeCursor,
  type ListingResource,
  listingScope,
  listingSort,
} from '@cmss/db';
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

/** Why a cursor is refused, in words that say what to do about it. */
const REFUSALS = {
  malformed: 'The cursor is malformed: pass back the `nextCursor` of a page unchanged',
  earlierVersion:
    'The cursor was made before CMSS was upgraded and cannot be followed: leave `cursor` out to start again from the first page',
  otherScope:
    'The cursor was made for other filters, search or sort: repeat them as they were for the page that gave it (only `limit` may change), or leave `cursor` out to start again',
  otherListing: (resource: ListingResource) =>
    `The cursor belongs to another listing (GET /api/v1/${resource}): a cursor pages only the listing that made it`,
};

/**
 * The sort to use and the decoded cursor, which must have been made by this listing with the same
 * sort, `q` and filters (`filter`: as the route hands it to the repository, without sort and limit).
 * 400 `invalid_cursor` otherwise. Without a cursor the sort is passed on as asked: the repository
 * resolves a missing one (relevance with searchable words, else name) only when the page is not
 * cached, which spares a type-ahead answer folding its query.
 */
export function sortAndCursor(
  resource: ListingResource,
  query: { sort?: DirectorySort; cursor?: string },
  filter: { q?: string },
): { sort: DirectorySort | undefined; cursor: CursorKey | null } {
  if (!query.cursor) return { sort: query.sort, cursor: null };
  const sort = listingSort(query.sort, filter.q);
  const decoded = decodeCursor(query.cursor, resource, listingScope(resource, { ...filter, sort }), sort);
  if (decoded.ok) return { sort, cursor: decoded.key };
  const message =
    decoded.reason === 'other_listing'
      ? REFUSALS.otherListing(decoded.resource)
      : decoded.reason === 'other_scope'
        ? REFUSALS.otherScope
        : decoded.reason === 'earlier_version'
          ? REFUSALS.earlierVersion
          : REFUSALS.malformed;
  throw badRequest('invalid_cursor', message);
}
