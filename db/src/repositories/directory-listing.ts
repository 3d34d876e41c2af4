import { queryAlternatives } from '@cmss/shared';

/**
 * Sorting and keyset (cursor) pagination shared by the hospital and clinician listings.
 *
 * A listing query selects its rows with three helper columns — `_tier` (relevance tier, 0 without a
 * query), `_sort` (folded name) and `_updated` — wrapped in an outer SELECT so that the cursor condition
 * and ORDER BY can name them. A cursor is the last row's sort key, so pages stay stable while rows are
 * added or changed elsewhere (an offset would skip or repeat rows).
 */
export const DIRECTORY_SORTS = ['relevance', 'name', '-name', 'updatedAt', '-updatedAt'] as const;
export type DirectorySort = (typeof DIRECTORY_SORTS)[number];

/**
 * The sort a listing uses. Relevance (the default with a query) needs words to rank by: without any
 * (no `q`, or one of punctuation only) the listing is by name. The API decodes cursors and the
 * repositories encode them with this same answer, so the next page of such a listing works.
 */
export function listingSort(sort: DirectorySort | undefined, q: string | undefined): DirectorySort {
  if (sort !== undefined && sort !== 'relevance') return sort;
  return q !== undefined && queryAlternatives(q).length > 0 ? 'relevance' : 'name';
}

interface SortSpec {
  columns: readonly string[];
  descending: boolean;
}

const SPECS: Record<DirectorySort, SortSpec> = {
  relevance: { columns: ['_tier', '_sort', 'id'], descending: false },
  name: { columns: ['_sort', 'id'], descending: false },
  '-name': { columns: ['_sort', 'id'], descending: true },
  updatedAt: { columns: ['_updated', 'id'], descending: false },
  '-updatedAt': { columns: ['_updated', 'id'], descending: true },
};

export type CursorKey = (string | number)[];
export interface ListingRow {
  id: number;
  _tier: number;
  _sort: string;
  _updated: string;
}

export function encodeCursor(sort: DirectorySort, row: ListingRow): string {
  const key = SPECS[sort].columns.map((c) => row[c as keyof ListingRow]);
  return Buffer.from(JSON.stringify({ s: sort, k: key })).toString('base64url');
}

/** The key of a cursor made for this sort, or null when it is malformed or was made for another sort. */
export function decodeCursor(raw: string, sort: DirectorySort): CursorKey | null {
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { s?: unknown; k?: unknown };
    const want = SPECS[sort].columns.length;
    if (parsed.s !== sort || !Array.isArray(parsed.k) || parsed.k.length !== want) return null;
    if (!parsed.k.every((v) => typeof v === 'string' || typeof v === 'number')) return null;
    return parsed.k as CursorKey;
  } catch {
    return null;
  }
}

/** Outer query around `inner`: keyset condition, order and limit (one extra row tells "there is more"). */
export function pagedSql(
  inner: string,
  sort: DirectorySort,
  cursor: CursorKey | null,
): { sql: string; params: CursorKey } {
  const spec = SPECS[sort];
  const direction = spec.descending ? 'DESC' : 'ASC';
  const [after, atOrAfter] = spec.descending ? ['<', '<='] : ['>', '>='];
  // The bound on the first column alone is implied by the row value, but it is what lets SQLite seek
  // in the sort index (it does not seek on a row value over an indexed expression): without it each
  // page scanned the index from its start.
  const where = cursor
    ? `WHERE ${spec.columns[0]} ${atOrAfter} ? AND (${spec.columns.join(', ')}) ${after} (${spec.columns.map(() => '?').join(', ')})`
    : '';
  const order = spec.columns.map((c) => `${c} ${direction}`).join(', ');
  return {
    sql: `SELECT * FROM (${inner}) ${where} ORDER BY ${order} LIMIT ?`,
    params: cursor ? [cursor[0]!, ...cursor] : [],
  };
}

/** Splits the limit+1 rows a paged query returned into the page and the next cursor. */
export function toPage<T extends ListingRow>(
  rows: T[],
  limit: number,
  sort: DirectorySort,
): { rows: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { rows, nextCursor: null };
  const page = rows.slice(0, limit);
  return { rows: page, nextCursor: encodeCursor(sort, page[page.length - 1]!) };
}
