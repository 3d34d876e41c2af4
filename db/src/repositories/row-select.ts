import { getTableColumns, getTableName, type Table } from 'drizzle-orm';

/**
 * `"request_id" AS "requestId", …` for every column of a table whose columns are all plain text or
 * integers: better-sqlite3 then returns rows already in drizzle's `$inferSelect` shape, with no
 * per-row mapping. For the saga's hot statements (30-column booking rows, read and returned at every
 * step), where drizzle's row mapping was a visible share of a booking's cost.
 */
export function selectList(table: Table): string {
  return Object.entries(getTableColumns(table))
    .map(([key, column]) => {
      // A boolean, timestamp or JSON column needs drizzle's mapping: not for this shortcut.
      if (column.columnType !== 'SQLiteText' && column.columnType !== 'SQLiteInteger') {
        throw new Error(`${getTableName(table)}.${column.name} is ${column.columnType}: map it with drizzle`);
      }
      return `"${column.name}" AS "${key}"`;
    })
    .join(', ');
}

/** The SQL column name of a table's property (`requestId` → `request_id`). */
export function columnName(table: Table, key: string): string {
  const column = getTableColumns(table)[key];
  if (!column) throw new Error(`${getTableName(table)} has no column ${key}`);
  return column.name;
}
