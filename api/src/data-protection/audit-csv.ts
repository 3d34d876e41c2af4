/** CSV of audit rows (RFC 4180), safe to open in a spreadsheet. */
export const AUDIT_CSV_COLUMNS = [
  'id',
  'at',
  'actor',
  'actorRole',
  'action',
  'entity',
  'entityId',
  'fields',
  'requestId',
  'sourceIp',
  'details',
] as const;

/**
 * Quotes when needed; a leading = + - @ is defused with an apostrophe, because spreadsheet programs
 * would run it as a formula (CSV injection) and audit rows contain user-supplied text.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (row: Record<string, unknown>) =>
  `${AUDIT_CSV_COLUMNS.map((c) => csvCell(row[c])).join(',')}\r\n`;
