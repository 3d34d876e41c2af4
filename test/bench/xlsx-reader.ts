/**
 * Reads a workbook through the import's reader in a process of its own, for directory.bench.ts: how
 * long the rows take in a fresh process, or (`warm`) in one that first read other files, as a server
 * has. Two saxes parsers sharing compiled code once made the second case 5× slower (xlsx-rows.ts).
 * Usage: xlsx-reader.ts <workbook> <work dir> [warm]. Reports { ms, rows } over IPC.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { openSheet } from '../../api/src/directory/spreadsheet/read.js';

const [path, dir, warm] = process.argv.slice(2);
if (!path || !dir) throw new Error('usage: xlsx-reader.ts <workbook> <work dir> [warm]');

async function readRows(bytes: Buffer): Promise<number> {
  const sheet = await openSheet(Readable.from([bytes]));
  let rows = 0;
  for await (const _ of sheet.rows) rows++;
  return rows;
}

if (warm === 'warm') {
  // A two-row workbook, then 10 MB of text without a line break (refused as CSV).
  const small = new ExcelJS.Workbook();
  small.addWorksheet('x').addRows([
    ['email', 'given_name'],
    ['a@example.org', 'Ada'],
  ]);
  await readRows(Buffer.from(await small.xlsx.writeBuffer()));
  const noLines = join(dir, 'no-line-breaks.csv');
  writeFileSync(noLines, 'QUJD'.repeat(2_621_440));
  await readRows(readFileSync(noLines)).catch(() => 0);
}
const bytes = readFileSync(path);
const t0 = performance.now();
const rows = await readRows(bytes);
process.send?.({ ms: performance.now() - t0, rows });
