import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { type DirectoryTestApp, directoryApp } from './helpers.js';

/** Spreadsheets as users' programs write them: mixed line breaks, formulas, repeated headers. */

let t: DirectoryTestApp;
afterEach(async () => t?.app.close());

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADER = 'email,given_name,family_name,hospital_id';

async function setup() {
  t = await directoryApp({ logLevel: (process.env.TEST_LOG as 'error') ?? 'silent' });
  return t.hospital({ name: 'Szpital Kliniczny', city: 'Łódź', countryCode: 'PL' });
}

/** Uploads a body whole, or as the given chunks (a stream: the chunks reach the reader as they are). */
const upload = (body: Buffer | string | string[], type = 'text/csv') =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/imports?fileName=upload',
    headers: { ...t.admin, 'content-type': type },
    payload: Array.isArray(body)
      ? Readable.from(body.map((c) => Buffer.from(c)))
      : typeof body === 'string'
        ? Buffer.from(body)
        : body,
  });
const commit = (id: string) =>
  t.app.inject({ method: 'POST', url: `/api/v1/imports/${id}/commit`, headers: t.admin });
const count = (table: string) =>
  (t.app.database.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const clinicians = async () =>
  (await t.app.inject({ url: '/api/v1/clinicians?status=all&limit=200', headers: t.admin })).json().items as {
    email: string;
    givenName: string;
    familyName: string;
    title: string | null;
  }[];
/** [row, outcome] of each row of a dry run. */
const outcomes = (body: { rows: { row: number; outcome: string }[] }) =>
  body.rows.map((r) => [r.row, r.outcome]);
const refused = (res: Awaited<ReturnType<typeof upload>>) => {
  expect(res.statusCode).toBe(422);
  expect(res.json().error.code).toBe('invalid_file');
  expect(count('directory_imports')).toBe(0);
  return res.json().error.message as string;
};

describe('import: CSV line breaks', () => {
  it('reads every record whatever mix of CRLF, LF and lone CR the file uses', async () => {
    const { id } = await setup();
    const files = {
      'LF header, CRLF rows': `${HEADER}\nmx1@example.org,A,B,${id}\r\nmx2@example.org,C,D,${id}\r\n`,
      'CRLF header, LF rows': `${HEADER}\r\nmx1@example.org,A,B,${id}\nmx2@example.org,C,D,${id}\n`,
      'lone CR header, LF and CRLF rows': `${HEADER}\rmx1@example.org,A,B,${id}\nmx2@example.org,C,D,${id}\r\n`,
      'LF rows around a lone CR': `${HEADER}\nmx1@example.org,A,B,${id}\rmx2@example.org,C,D,${id}`,
    };
    for (const [name, csv] of Object.entries(files)) {
      const res = await upload(csv);
      expect(res.statusCode, name).toBe(201);
      expect(outcomes(res.json()), name).toEqual([
        [2, 'created'],
        [3, 'created'],
      ]);
    }
    const dry = (await upload(files['LF header, CRLF rows'])).json();
    expect((await commit(dry.import.id)).statusCode).toBe(200);
    // No CR left at the end of a name.
    expect((await clinicians()).map((c) => [c.email, c.givenName, c.familyName]).sort()).toEqual([
      ['mx1@example.org', 'A', 'B'],
      ['mx2@example.org', 'C', 'D'],
    ]);
  });

  it('keeps a CRLF pair split between two chunks of the upload one line break', async () => {
    const { id } = await setup();
    // A first chunk of over 64 KB, the head the reader peeks at: an LF header, CRLF rows, and a CR
    // whose LF starts the next chunk.
    const pad = Array.from({ length: 70 }, (_, i) => `p${i}@example.org,P,Pad,${id},${'n'.repeat(1000)}`);
    const chunks = [
      `${HEADER},notes\n${pad.join('\r\n')}\r`,
      `\nq@example.org,Q,Split,${id},\r`,
      `\nr@example.org,R,Split,${id},`,
    ];
    expect(chunks[0]!.length).toBeGreaterThan(64 * 1024);
    const res = await upload(chunks);
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.import.summary.dryRun).toMatchObject({ rows: 72, created: 72, error: 0 });
    expect(body.rows.slice(-2)).toMatchObject([
      { row: 72, outcome: 'created', email: 'q@example.org' },
      { row: 73, outcome: 'created', email: 'r@example.org' },
    ]);
    expect((await commit(body.import.id)).statusCode).toBe(200);
    const split = (await clinicians()).filter((c) => c.familyName === 'Split');
    expect(split.map((c) => [c.email, c.givenName]).sort()).toEqual([
      ['q@example.org', 'Q'],
      ['r@example.org', 'R'],
    ]);
  });

  it('reads a CRLF inside a quoted cell of an LF file as one cell (a line break is refused in a name)', async () => {
    const { id } = await setup();
    const csv = `${HEADER},title\nq@example.org,Q,Quoted,${id},"Prof.\r\nDr."\nr@example.org,R,Next,${id},\n`;
    const res = await upload(csv);
    expect(res.statusCode).toBe(201);
    expect(outcomes(res.json())).toEqual([
      [2, 'error'],
      [3, 'created'],
    ]);
    expect(res.json().rows[0].errors).toEqual([
      { column: 'title', reason: 'Title contains a control character or line break (U+000A)' },
    ]);
  });

  it('names the line of an unterminated quote in a file with mixed line breaks', async () => {
    const { id } = await setup();
    // Lines: 1 header (LF), 2 (CRLF), 3 (lone CR), 4 (LF), 5 the quote.
    const csv = `${HEADER}\na@example.org,A,A,${id}\r\nb@example.org,B,B,${id}\rc@example.org,C,C,${id}\nd@example.org,"D,D,${id}\n`;
    expect(refused(await upload(csv))).toMatch(/quoted cell is never closed \(opened on or after line 5\)/);
  });

  it('says a quoted cell is too long, not unclosed, when it is closed after the length limit', async () => {
    const { id } = await setup();
    const long = Array.from({ length: 2000 }, () => 'x'.repeat(40)).join('\n'); // 80 KB over 2,000 lines
    const csv = `${HEADER},title\na@example.org,A,A,${id},\nb@example.org,B,B,${id},"${long}"\nc@example.org,C,C,${id},\n`;
    const message = refused(await upload(csv));
    expect(message).toMatch(/opened on or after line 3 makes its row longer than 65536 characters/);
    expect(message).not.toMatch(/never closed/);
  });
});

describe('import: encodings', () => {
  it('refuses a UTF-8 file with non-UTF-8 bytes past its first 64 KB instead of storing U+FFFD', async () => {
    const { id } = await setup();
    const ascii = Array.from({ length: 3000 }, (_, i) => `pad${i}@example.org,Ann,Smith,${id}`).join('\n');
    const late = Buffer.from(`\nlate@example.org,Jos\xe9,M\xfcller,${id}\n`, 'latin1');
    // Streamed in 16 KB pieces, as a large upload arrives: the encoding is recognised from the head.
    const file = Buffer.concat([Buffer.from(`${HEADER}\n${ascii}`), late]);
    expect(file.length).toBeGreaterThan(64 * 1024);
    const pieces = Array.from({ length: Math.ceil(file.length / 16384) }, (_, k) =>
      file.subarray(k * 16384, (k + 1) * 16384),
    );
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { ...t.admin, 'content-type': 'text/csv' },
      payload: Readable.from(pieces),
    });
    expect(refused(res)).toMatch(
      /has bytes that are not UTF-8 after byte [\d,]+: save it again as "CSV UTF-8"/,
    );
    // The same bytes near the start are recognised as Windows-1252 and read right.
    const early = await upload(Buffer.concat([Buffer.from(`${HEADER}`), late]));
    expect(outcomes(early.json())).toEqual([[2, 'created']]);
    await commit(early.json().import.id);
    expect((await clinicians())[0]).toMatchObject({ givenName: 'José', familyName: 'Müller' });
  });
});

describe('import: XLSX cells', () => {
  it('reads a formula as its saved result; one without a readable result is an error of its row and column', async () => {
    const { id } = await setup();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Clinicians');
    // A blank column (a hole in the row) and a column the import does not know, with a broken formula.
    ws.addRow(['email', 'given_name', 'family_name', 'hospital_id', null, 'notes']);
    const row = (email: string, hospital: ExcelJS.CellValue) =>
      ws.addRow([
        email,
        'F',
        { formula: 'UPPER("formula")', result: 'FORMULA' },
        hospital,
        '',
        { formula: 'NA()' },
      ]);
    row('saved@example.org', { formula: `${id}+0`, result: id });
    row('unsaved@example.org', { formula: `${id}+0` });
    row('error@example.org', { formula: 'NA()', result: { error: '#N/A' } });
    const res = await upload(Buffer.from(await wb.xlsx.writeBuffer()), XLSX);
    expect(res.statusCode).toBe(201);
    expect(outcomes(res.json())).toEqual([
      [2, 'created'],
      [3, 'error'],
      [4, 'error'],
    ]);
    for (const r of res.json().rows.slice(1)) {
      // First the cell itself; the empty hospital it leaves is named after it.
      expect(r.errors[0]).toEqual({
        column: 'hospital_id',
        reason: expect.stringContaining('no value to read'),
      });
    }
    await commit(res.json().import.id);
    expect(await clinicians()).toEqual([
      expect.objectContaining({ email: 'saved@example.org', familyName: 'FORMULA' }),
    ]);
  });
});

describe('import: XLSX phone cells', () => {
  it('refuses a phone stored as a number (Excel drops the + or the leading 0), naming the column', async () => {
    const { id } = await setup();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Clinicians');
    ws.addRow(['email', 'given_name', 'family_name', 'hospital_id', 'phone']);
    ws.addRow(['number@example.org', 'N', 'Number', id, 48421234567]);
    ws.addRow(['formula@example.org', 'F', 'Formula', id, { formula: '48421234567+0', result: 48421234567 }]);
    ws.addRow(['text@example.org', 'T', 'Text', id, '+48 42 123 45 67']);
    const res = await upload(Buffer.from(await wb.xlsx.writeBuffer()), XLSX);
    expect(res.statusCode).toBe(201);
    const rows = res.json().rows;
    expect(outcomes(res.json())).toEqual([
      [2, 'error'],
      [3, 'error'],
      [4, 'created'],
    ]);
    for (const row of rows.slice(0, 2)) {
      expect(row.errors).toEqual([
        { column: 'phone', reason: expect.stringContaining('stored as a number in the workbook') },
      ]);
    }
    await commit(res.json().import.id);
    expect(await clinicians()).toHaveLength(1);
  });
});

describe('import: header', () => {
  it('refuses two headers for one column, naming both, and stores nothing', async () => {
    const { id } = await setup();
    const twoGiven = refused(
      await upload(`email,given_name,Given Name,family_name,hospital_id\na@example.org,A,B,C,${id}\n`),
    );
    expect(twoGiven).toMatch(/"given_name" and "Given Name"/);
    const twoEmail = refused(
      await upload(
        `email,E-mail,given_name,family_name,hospital_id\na@example.org,b@example.org,A,C,${id}\n`,
      ),
    );
    expect(twoEmail).toMatch(/"email" and "E-mail"/);
    const sameTwice = refused(await upload(`email,email\na@example.org,a@example.org\n`));
    expect(sameTwice).toMatch(/"email" and "email"/);
    expect(count('clinicians')).toBe(0);
  });
});
