/** The columns of the audit trail's CSV export. */
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
 * An audit row as CSV cells. A leading = + - @ tab or CR is defused with an apostrophe, because
 * spreadsheet programs would run it as a formula (CSV injection) and audit rows contain user-supplied
 * text.
 */
export function auditCells(row: Record<string, unknown>): string[] {
  return AUDIT_CSV_COLUMNS.map((column) => {
    const value = row[column];
    if (value === null || value === undefined) return '';
    const s = typeof value === 'string' ? value : JSON.stringify(value);
    return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  });
}
