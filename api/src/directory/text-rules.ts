/**
 * Rules for the free text the directory stores (names, title, city, e-mail, phone), shared by the
 * clinician and hospital checks and so by the spreadsheet import, which does not pass through the JSON
 * schema: lengths are the schema's own (read from the TypeBox objects, one source of truth), and text
 * must be something every reader can handle: well-formed Unicode (a lone surrogate is stored by SQLite
 * as invalid UTF-8 and read back as U+FFFD), no control characters (NUL and the other C0/C1 controls
 * are invisible, empty a name's search and sort keys and are not allowed in the XML of an XLSX export),
 * no tab or line break (every field is one line; a CR would come back from an export as LF, so the
 * export would not import back unchanged), no non-characters (U+FFFE, U+FFFF: not allowed in XML
 * either). A name must also show at least one letter or digit: "\u200b" or two
 * right-to-left marks alone would be an unfindable, invisible record. Format characters *inside* a real
 * name (RTL marks in Arabic or Hebrew, ZWJ/ZWNJ) are legitimate and kept; the ones that only hide or
 * reorder text are not (see HIDDEN).
 */

/** One broken rule, named by the field (API) or spreadsheet column (import) it concerns. */
export interface FieldError {
  field: string;
  code: string;
  message: string;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
const FORBIDDEN = /[\x00-\x1f\x7f-\x9f\u2028\u2029\p{Noncharacter_Code_Point}]/u;
/**
 * Characters that no name needs and that mislead a reader: a zero-width space, soft hyphen, word joiner
 * or BOM hides inside a name (copied from a web page, it makes "An\u200bna" a name nobody finds by
 * typing it), and bidi embeddings, overrides and isolates display the text in another order than it is
 * stored ("A\u202eB" shows as "B A"-like spoofs). Single-direction marks (U+200E, U+200F) stay allowed.
 */
const HIDDEN = /[\u00ad\u200b\u2060\ufeff\u202a-\u202e\u2066-\u2069]/u;
const FORMAT = /\p{Cf}/u;
/** A letter or digit, not one of the Hangul fillers: letters to Unicode, blank to the eye. */
const VISIBLE = /(?![\u115f\u1160\u3164\uffa0])[\p{L}\p{N}]/u;
/** With the u flag a surrogate pair is one code point: only a lone surrogate matches (isWellFormed, ES2024). */
const LONE_SURROGATE = /\p{Cs}/u;

/** A number a TypeBox schema object declares (`maxLength`, `minLength`, `maxItems`), or a start-up error. */
export function schemaLimit(schema: unknown, keyword: 'maxLength' | 'minLength' | 'maxItems'): number {
  const n = (schema as Record<string, unknown> | undefined)?.[keyword];
  if (typeof n !== 'number') throw new Error(`schema declares no ${keyword}`);
  return n;
}

/** "U+200B": how messages name a character the reader cannot see. */
const codePoint = (character: string): string =>
  `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Length as JSON Schema (ajv) counts it: code points, so an emoji or a CJK extension is one character. */
function codePoints(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

export interface TextRule {
  field: string;
  /** How messages name the field: "Given name", "City"… */
  label: string;
  maxLength: number;
  minLength?: number;
  /** A name: needs a visible letter or digit. */
  visible?: boolean;
  /**
   * No format character at all (an e-mail address or a phone number has none; a name may need a
   * direction mark or ZWJ): one copied along from a web page would make an address match nobody.
   */
  plain?: boolean;
}

/**
 * The first rule `value` (already trimmed, not empty: emptiness is the caller's `required`) breaks, if
 * any. One error per field: a 1 MB value of NULs is reported once, as the control character it starts
 * with.
 */
export function checkText(value: string, rule: TextRule): FieldError | null {
  const { field, label } = rule;
  if (LONE_SURROGATE.test(value)) {
    return {
      field,
      code: 'invalid_unicode',
      message: `${label} contains broken Unicode (a lone surrogate)`,
    };
  }
  const forbidden = FORBIDDEN.exec(value);
  if (forbidden) {
    return {
      field,
      code: 'invalid_character',
      message: `${label} contains a control character or line break (${codePoint(forbidden[0])})`,
    };
  }
  // Code points are never more than UTF-16 units: count them only when the units exceed the limit.
  if (value.length > rule.maxLength) {
    const length = codePoints(value);
    if (length > rule.maxLength) {
      return {
        field,
        code: 'too_long',
        message: `${label} is longer than ${rule.maxLength} characters (${length})`,
      };
    }
  }
  if (rule.visible && !VISIBLE.test(value)) {
    return { field, code: 'no_visible_text', message: `${label} has no visible letter or digit` };
  }
  const hidden = (rule.plain ? FORMAT : HIDDEN).exec(value);
  if (hidden) {
    return {
      field,
      code: 'invalid_character',
      message: `${label} contains an invisible or text-reordering character (${codePoint(hidden[0])}): type it again`,
    };
  }
  if (rule.minLength !== undefined && codePoints(value) < rule.minLength) {
    return {
      field,
      code: 'too_short',
      message: `${label} is shorter than ${rule.minLength} characters`,
    };
  }
  return null;
}

/** A list longer than the schema allows (counted after duplicates are dropped). */
export function checkListLength(field: string, values: readonly string[], maxItems: number): FieldError[] {
  return values.length > maxItems
    ? [{ field, code: 'too_many', message: `More than ${maxItems} ${field} (${values.length})` }]
    : [];
}

/** Values missing from a controlled vocabulary; an empty value (`""`, or `null` coerced to `[""]`) is named as such. */
export function unknownValues(field: string, values: readonly string[], allowed: Set<string>): FieldError[] {
  const errors: FieldError[] = [];
  if (values.some((v) => v.trim() === '')) {
    errors.push({ field, code: 'empty_value', message: `Empty value in ${field}` });
  }
  const unknown = values.filter((v) => v.trim() !== '' && !allowed.has(v));
  if (unknown.length) {
    errors.push({
      field,
      code: 'unknown_value',
      message: `Not in the list at GET /api/v1/vocabularies: ${unknown.join(', ')}`,
    });
  }
  return errors;
}
