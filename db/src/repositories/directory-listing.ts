import { createHash } from 'node:crypto';
import { COUNTRIES, LANGUAGES, queryAlternatives, SPECIALTIES } from '@cmss/shared';

/**
 * Sorting and keyset (cursor) pagination shared by the hospital and clinician listings.
 *
 * A listing query selects its rows with three helper columns — `_tier` (relevance tier, 0 without a
 * query), `_sort` (folded name) and `_updated` — wrapped in an outer SELECT so that the cursor condition
 * and ORDER BY can name them. A cursor is the last row's sort key, so pages stay stable while rows are
 * added or changed elsewhere (an offset would skip or repeat rows), with a digest of the listing it
 * pages (listingScope): a key is only a position in the result set it was read from.
 */
export const DIRECTORY_SORTS = ['relevance', 'name', '-name', 'updatedAt', '-updatedAt'] as const;
export type DirectorySort = (typeof DIRECTORY_SORTS)[number];

/**
 * The sort a listing uses. Relevance (the default with a query) needs words to rank by: without any
 * (no `q`, or one of punctuation only) the listing is by name. The API decodes cursors and the
 * repositories encode them with this same answer, so the next page of such a listing works.
 */
export function listingSort(sort: DirectorySort | undefined, q: string | undefined): DirectorySort {
  return sortWith(sort, q !== undefined && queryAlternatives(q).length > 0);
}

const sortWith = (sort: DirectorySort | undefined, hasWords: boolean): DirectorySort =>
  sort !== undefined && sort !== 'relevance' ? sort : hasWords ? 'relevance' : 'name';

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

/** The listings a cursor can page. */
export type ListingResource = 'clinicians' | 'hospitals';
/** A listing's sort, `q` and filters (any other property is taken for a filter), page and page size. */
type ListingOptions = { sort?: DirectorySort; q?: string; cursor?: unknown; limit?: unknown };
const RESOURCES: readonly string[] = ['clinicians', 'hospitals'] satisfies ListingResource[];

/**
 * A listing's options in one spelling: the same filters in another order, a list's values repeated or
 * reordered, an absent filter and an empty list give the same answer, so they give the same form.
 */
function canonical(options: Record<string, unknown>): [string, unknown][] {
  const entries: [string, unknown][] = [];
  for (const [name, value] of Object.entries(options)) {
    const normal = Array.isArray(value) ? [...new Set(value.map(String))].sort() : value;
    const empty = normal === undefined || (Array.isArray(normal) && normal.length === 0);
    if (!empty) entries.push([name, normal]);
  }
  return entries.sort(([a], [b]) => (a < b ? -1 : 1));
}

/**
 * Digest of what a listing's pages depend on: the resource, the sort, the search and the filters. A
 * cursor carries it, so one made for other filters is refused rather than silently seeking into a
 * different result set. `limit` is left out: the next page may be of another size. The search is taken
 * as its folded words (queryAlternatives), which are all that matching and ranking read: `ANNA` pages on
 * from `anna`, while `mueller` does not from `müller` (the spelling typed ranks first).
 */
export function listingScope(resource: ListingResource, options: ListingOptions): string {
  const { cursor: _cursor, limit: _limit, sort, q, ...filters } = options;
  const words = q === undefined ? [] : queryAlternatives(q);
  // As one string: `canonical` would sort the spellings, and the one typed comes first.
  const search = words.length ? JSON.stringify(words) : undefined;
  const form = [resource, sortWith(sort, words.length > 0), canonical({ ...filters, q: search })];
  return createHash('sha256').update(JSON.stringify(form)).digest('base64url').slice(0, 16);
}

interface CursorPayload {
  /** The resource, in clear so that a cursor of another listing can be told from one of other filters. */
  r: ListingResource;
  /** listingScope of the listing that made it. */
  d: string;
  k: CursorKey;
}

export function encodeCursor(resource: ListingResource, scope: string, sort: DirectorySort, row: ListingRow) {
  const payload: CursorPayload = {
    r: resource,
    d: scope,
    k: SPECS[sort].columns.map((c) => row[c as keyof ListingRow]),
  };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

export type DecodedCursor =
  | { ok: true; key: CursorKey }
  | { ok: false; reason: 'malformed' }
  | { ok: false; reason: 'earlier_version' }
  | { ok: false; reason: 'other_listing'; resource: ListingResource }
  | { ok: false; reason: 'other_scope' };

/** The key of a cursor if it was made by this listing (resource, sort, q and filters: `scope`). */
export function decodeCursor(
  raw: string,
  resource: ListingResource,
  scope: string,
  sort: DirectorySort,
): DecodedCursor {
  let parsed: Partial<CursorPayload>;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof parsed !== 'object' || parsed === null) return { ok: false, reason: 'malformed' };
  // Cursors made before they named their listing were {s: sort, k: key}: a page someone was on during
  // an upgrade, which the client cannot follow but can start again.
  if (parsed.r === undefined && 's' in parsed && Array.isArray(parsed.k)) {
    return { ok: false, reason: 'earlier_version' };
  }
  if (!RESOURCES.includes(parsed.r as string)) return { ok: false, reason: 'malformed' };
  if (parsed.r !== resource) return { ok: false, reason: 'other_listing', resource: parsed.r! };
  if (parsed.d !== scope) return { ok: false, reason: 'other_scope' };
  // The scope covers the sort, so a key of the wrong length or type was not made by this server.
  const key = parsed.k;
  const fits = Array.isArray(key) && key.length === SPECS[sort].columns.length;
  if (!fits || !key.every((v) => typeof v === 'string' || typeof v === 'number')) {
    return { ok: false, reason: 'malformed' };
  }
  return { ok: true, key };
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

/**
 * Splits the limit+1 rows a paged query of `options` returned into the page and the next cursor, which
 * only this listing with the same options will take back (listingScope).
 */
export function toPage<T extends ListingRow>(
  rows: T[],
  resource: ListingResource,
  options: ListingOptions & { limit: number },
): { rows: T[]; nextCursor: string | null } {
  if (rows.length <= options.limit) return { rows, nextCursor: null };
  const page = rows.slice(0, options.limit);
  const sort = listingSort(options.sort, options.q);
  const last = page[page.length - 1]!;
  return { rows: page, nextCursor: encodeCursor(resource, listingScope(resource, options), sort, last) };
}

/**
 * One value of a facet. `value` is what the facet's filter parameter takes (a hospital's id too is a
 * string: query parameters are), `label` is what people read.
 */
export interface FacetCount {
  value: string;
  label: string;
  count: number;
}

const VOCABULARY_LABELS = {
  country: new Map(COUNTRIES.map((c) => [c.code, c.name])),
  specialty: new Map(SPECIALTIES.map((s) => [s.id, s.label])),
  language: new Map(LANGUAGES.map((l) => [l.id, l.label])),
};

type Vocabulary = keyof typeof VOCABULARY_LABELS;

/** A vocabulary value's label (a value no longer in the vocabulary shows as itself). */
const labelOf = (vocabulary: Vocabulary, value: string) => VOCABULARY_LABELS[vocabulary].get(value) ?? value;

/** Counts of a vocabulary's values with their labels. */
export function withLabels(
  vocabulary: Vocabulary,
  counts: readonly { value: string; count: number }[],
): FacetCount[] {
  return counts.map(({ value, count }) => ({ value, label: labelOf(vocabulary, value), count }));
}

/**
 * A facet with every chosen value in it: one the other filters leave no match for is added last with a
 * count of 0, so a picker built from the facet still shows it chosen and can clear it. `labelled`: the
 * chosen values with their labels (a value that labels nothing, an unknown hospital id, is left out).
 */
export function withChosen(
  facet: FacetCount[],
  labelled: readonly Omit<FacetCount, 'count'>[],
): FacetCount[] {
  const listed = new Set(facet.map((f) => f.value));
  const missing = labelled.filter((c) => !listed.has(c.value));
  return missing.length ? [...facet, ...missing.map((c) => ({ ...c, count: 0 }))] : facet;
}

/** Chosen values of a vocabulary with their labels, for withChosen. */
export const vocabularyChoices = (
  vocabulary: Vocabulary,
  values: readonly string[] | undefined,
): Omit<FacetCount, 'count'>[] =>
  (values ?? []).map((value) => ({ value, label: labelOf(vocabulary, value) }));
