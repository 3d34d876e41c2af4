import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import JSZip from 'jszip';
import { afterEach, describe, expect, it } from 'vitest';
import { openSheet } from '../../api/src/directory/spreadsheet/read.js';
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
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELS_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const DOC_RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/**
 * A workbook written part by part, as programs other than exceljs write them. `sheets` are in the order
 * of their tabs, each stored as xl/worksheets/sheet{part}.xml (the parts in the zip in the order of their
 * numbers) with `rows` as its sheetData, and named in the workbook's relationships by `target` (by
 * default relative to xl/); names and texts are given as XML. `sharedStrings` are the <si> elements of
 * xl/sharedStrings.xml, if any.
 */
async function rawWorkbook(
  sheets: { name: string; part: number; rows: string; target?: string; hidden?: boolean }[],
  sharedStrings?: string,
): Promise<Buffer> {
  const z = new JSZip();
  z.file(
    '_rels/.rels',
    `<Relationships xmlns="${RELS_NS}"><Relationship Id="rId1" Type="${DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  z.file(
    'xl/workbook.xml',
    `<workbook xmlns="${MAIN_NS}" xmlns:r="${DOC_RELS}"><sheets>${sheets
      .map(
        (s, i) =>
          `<sheet name="${s.name}" sheetId="${i + 1}"${s.hidden ? ' state="hidden"' : ''} r:id="rIdSheet${s.part}"/>`,
      )
      .join('')}</sheets></workbook>`,
  );
  const sst = sharedStrings
    ? `<Relationship Id="rIdSst" Type="${DOC_RELS}/sharedStrings" Target="sharedStrings.xml"/>`
    : '';
  z.file(
    'xl/_rels/workbook.xml.rels',
    `<Relationships xmlns="${RELS_NS}">${sheets
      .map(
        (s) =>
          `<Relationship Id="rIdSheet${s.part}" Type="${DOC_RELS}/worksheet" Target="${s.target ?? `worksheets/sheet${s.part}.xml`}"/>`,
      )
      .join('')}${sst}</Relationships>`,
  );
  if (sharedStrings) z.file('xl/sharedStrings.xml', `<sst xmlns="${MAIN_NS}">${sharedStrings}</sst>`);
  for (const s of [...sheets].sort((a, b) => a.part - b.part)) {
    z.file(
      s.target?.startsWith('worksheets/') ? `xl/${s.target}` : `xl/worksheets/sheet${s.part}.xml`,
      `<worksheet xmlns="${MAIN_NS}"><sheetData>${s.rows}</sheetData></worksheet>`,
    );
  }
  return z.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** A row of a worksheet's XML, its cells given as their XML. */
const xmlRow = (r: number, ...cells: string[]) => `<row r="${r}">${cells.join('')}</row>`;
/** An inline-string cell (as written by other programs than Excel) of one text or of runs. */
const inlineCell = (ref: string, ...runs: string[]) =>
  `<c r="${ref}" t="inlineStr"><is>${
    runs.length === 1
      ? `<t>${runs[0]}</t>`
      : runs.map((t) => `<r><t xml:space="preserve">${t}</t></r>`).join('')
  }</is></c>`;
/** A row of inline strings, from column A on. */
const inlineRow = (r: number, ...texts: string[]) =>
  xmlRow(r, ...texts.map((t, i) => inlineCell(`${String.fromCharCode(65 + i)}${r}`, t)));
/** A worksheet's rows (inline strings): the import's header, and one clinician of `hospitalId`. */
const oneClinicianSheet = (email: string, hospitalId: number) =>
  [
    inlineRow(1, 'email', 'given_name', 'family_name', 'hospital_id'),
    inlineRow(2, email, 'A', 'B', `${hospitalId}`),
  ].join('');

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
    expect(res.statusCode, res.body).toBe(201);
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
    expect(res.statusCode, res.body).toBe(201);
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
  /** Uploads `file` streamed in pieces of `size` bytes, as a large upload arrives (or split at the given offsets). */
  const uploadInPieces = (file: Buffer, size: number | number[]) => {
    const cuts = Array.isArray(size)
      ? [0, ...size, file.length]
      : Array.from({ length: Math.ceil(file.length / size) + 1 }, (_, k) => Math.min(k * size, file.length));
    const pieces = cuts.slice(1).map((end, k) => file.subarray(cuts[k], end));
    return t.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { ...t.admin, 'content-type': 'text/csv' },
      payload: Readable.from(pieces),
    });
  };
  /** 70 ASCII rows of 1 KB: the first 64 KB, from which the encoding is first recognised, are ASCII. */
  const asciiRows = (id: number) =>
    Array.from({ length: 70 }, (_, i) => `pad${i}@example.org,Ann,Smith,${id},${'n'.repeat(1000)}`);

  it('reads a Central European (Windows-1250) CSV as such, as Excel saves it on a Polish or Slovak Windows', async () => {
    const { id } = await setup();
    const text = [
      `${HEADER}`,
      `l@example.org,Łukasz,Wiśniewski,${id}`,
      `m@example.org,Małgorzata,Żółć-Dvořák,${id}`,
      `j@example.org,Ľubomír,Kováč,${id}`,
    ].join('\r\n');
    const res = await upload(iconv.encode(text, 'win1250'));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().import.encoding).toBe('windows-1250');
    const names = res.json().rows.map((r: { email: string }) => r.email);
    expect(names).toEqual(['l@example.org', 'm@example.org', 'j@example.org']);
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/imports/${res.json().import.id}/commit`,
      headers: t.admin,
    });
    const stored = t.app.database.sqlite
      .prepare("SELECT given_name || ' ' || family_name FROM clinicians ORDER BY id")
      .pluck()
      .all();
    expect(stored).toEqual(['Łukasz Wiśniewski', 'Małgorzata Żółć-Dvořák', 'Ľubomír Kováč']);
  });

  it('reads Czech, Croatian, Romanian and Polish Windows-1250 files as such, though their letters read as Western ones', async () => {
    const { id } = await setup();
    // Each file's only Central European letters are ones Windows-1252 reads as Western letters
    // (ř ě ů as ø ì ù, ć as æ, ă as ã); the rest (š ž á é í ý) is the same byte in both.
    const files = [
      ['Jiří', 'Dvořák'],
      ['Věra', 'Němcová'],
      ['Ivan', 'Babić'],
      ['Bogdan', 'Bălan'],
      // Polish without Ł Ą Ż (ś ń ź ę read as œ ñ Ÿ ê).
      ['Anna', 'Wiśniewska'],
      ['Piotr', 'Zieliński'],
      ['Marek', 'Woźniak'],
      ['Jan', 'Stępień'],
      // Surnames in capitals: Ů Ž and Ó Ź are bytes that also form one UTF-8 character (D9 8E, D3 8F).
      ['Jana', 'RŮŽIČKA'],
      ['Anna', 'JÓŹWIAK'],
    ];
    for (const [i, [given, family]] of files.entries()) {
      const text = `${HEADER}\r\nx${i}@example.org,${given},${family},${id}\r\n`;
      const res = await upload(iconv.encode(text, 'win1250'));
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().import.encoding, family).toBe('windows-1250');
      await commit(res.json().import.id);
    }
    const stored = (await clinicians()).map((c) => [c.givenName, c.familyName]);
    expect(stored).toHaveLength(files.length);
    expect(stored).toEqual(expect.arrayContaining(files));
  });

  it('keeps reading Western names as Windows-1252 (œ, Ÿ, ª are letters there)', async () => {
    const { id } = await setup();
    const western = [
      HEADER,
      `c@example.org,Cœur,L'HAŸ-LES-ROSES,${id}`,
      `d@example.org,Dª María,Núñez,${id}`,
      // Letters Windows-1250 has other ones for, where Western names have them.
      `e@example.org,Søren Øivind,Jørgensen-Høeg,${id}`,
      `f@example.org,Hélène Maëlle,Brûlé-Châteauneuf,${id}`,
      `g@example.org,João,Simões Irmãs,${id}`,
      `h@example.org,Niccolò,Più Così,${id}`,
      `i@example.org,Æbelø,Bækgård,${id}`,
      `j@example.org,Íñigo Muñoz,Peña Ibáñez,${id}`,
      `k@example.org,Œdipe,Sœur-Lefèvre,${id}`,
    ].join('\r\n');
    const ok = await upload(iconv.encode(western, 'win1252'));
    expect(ok.json().import.encoding).toBe('windows-1252');
    expect(ok.json().import.summary.dryRun).toMatchObject({ created: 9, error: 0 });
  });

  it('refuses Central European letters after Western ones, naming their line', async () => {
    const { id } = await setup();
    // Western letters first, in the first 64 KB; a Polish row (Windows-1250) after them.
    const mixed = Buffer.concat([
      iconv.encode(
        `${HEADER},notes\r\nz@example.org,Zoë,Müller,${id},\r\n${asciiRows(id).join('\r\n')}\r\n`,
        'win1252',
      ),
      iconv.encode(`w@example.org,Łukasz,Wiśniewski,${id},\r\n`, 'win1250'),
    ]);
    expect(refused(await uploadInPieces(mixed, 16384))).toMatch(
      /reads as Windows-1252 \(Western European\) up to line 73, which has Central European letters.*"CSV UTF-8"/,
    );
  });

  it('refuses a file mixing Western and Central European rows in its first bytes, in either order', async () => {
    const { id } = await setup();
    const western = iconv.encode(`${HEADER}\r\nw@example.org,Søren,Muñoz,${id}\r\n`, 'win1252');
    const czech = iconv.encode(`c@example.org,Antonín,Dvořák,${id}\r\n`, 'win1250');
    // Read as Windows-1250 from its first bytes on, Søren Muñoz was stored as "Sřren Muńoz".
    expect(refused(await upload(Buffer.concat([western, czech])))).toMatch(
      /reads as Windows-1252 \(Western European\) up to line 3, which has Central European letters/,
    );
    const header = iconv.encode(`${HEADER}\r\n`, 'win1250');
    const westernRow = iconv.encode(`w@example.org,Håkan,Muñoz,${id}\r\n`, 'win1252');
    expect(refused(await upload(Buffer.concat([header, czech, westernRow])))).toMatch(
      /reads as Windows-1250 \(Central European\) up to line 3, which has Western European letters/,
    );
    expect(await clinicians()).toEqual([]);
  });

  it('reads a Windows-1252 file whose first non-ASCII byte comes after its first 64 KB as Windows-1252', async () => {
    const { id } = await setup();
    const late = Buffer.from(`late@example.org,Zo\xeb,M\xfcller,${id},\r\n`, 'latin1');
    const file = Buffer.concat([Buffer.from(`${HEADER},notes\r\n${asciiRows(id).join('\r\n')}\r\n`), late]);
    expect(file.subarray(0, 64 * 1024).every((b) => b < 0x80)).toBe(true);
    for (const size of [16384, 65536 + 7]) {
      const res = await uploadInPieces(file, size);
      expect(res.statusCode, `${size}`).toBe(201);
      expect(res.json().import.encoding).toBe('windows-1252');
      expect(res.json().import.summary.dryRun).toMatchObject({ rows: 71, created: 71, error: 0 });
      expect(res.json().rows.at(-1)).toMatchObject({
        row: 72,
        outcome: 'created',
        email: 'late@example.org',
      });
    }
    const res = await uploadInPieces(file, 16384);
    const stored = await t.app.inject({ url: `/api/v1/imports/${res.json().import.id}`, headers: t.admin });
    expect(stored.json().encoding).toBe('windows-1252');
    await commit(res.json().import.id);
    expect((await clinicians()).find((c) => c.email === 'late@example.org')).toMatchObject({
      givenName: 'Zoë',
      familyName: 'Müller',
    });
  });

  it('reads a file whose first non-ASCII character comes after its first 64 KB as UTF-8 when it is UTF-8', async () => {
    const { id } = await setup();
    const late = `late@example.org,Zoë,Müller,${id},\r\n`;
    const file = Buffer.from(`${HEADER},notes\r\n${asciiRows(id).join('\r\n')}\r\n${late}`);
    // Split inside the "ë": the character is read whole.
    const res = await uploadInPieces(file, [file.indexOf(Buffer.from('ë')) + 1]);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().import.encoding).toBe('utf-8');
    await commit(res.json().import.id);
    expect((await clinicians()).find((c) => c.email === 'late@example.org')).toMatchObject({
      givenName: 'Zoë',
    });
  });

  it('refuses a UTF-8 file with non-UTF-8 bytes further on, naming their line, instead of storing U+FFFD', async () => {
    const { id } = await setup();
    // A UTF-8 row (in the first 64 KB, or after them), 70 ASCII rows of which one ends with a lone CR,
    // one record over two lines (a line break in a quoted cell), and on line 75 a row pasted in from a
    // Windows-1252 file.
    const pad = asciiRows(id);
    const utf8Row = Buffer.from(`utf@example.org,Łucja,Żółć,${id},\r\n`);
    const padding = Buffer.from(`${pad.slice(0, 35).join('\r\n')}\r${pad.slice(35).join('\n')}\r\n`);
    const tail = Buffer.concat([
      Buffer.from(`q@example.org,Q,Quoted,${id},"two\r\nlines"\r\n`),
      Buffer.from(`late@example.org,Jos\xe9,M\xfcller,${id},\r\n`, 'latin1'),
    ]);
    const header = Buffer.from(`${HEADER},notes\r\n`);
    const files = {
      'UTF-8 in the head': Buffer.concat([header, utf8Row, padding, tail]),
      'UTF-8 after the head': Buffer.concat([header, padding, utf8Row, tail]),
    };
    for (const [name, file] of Object.entries(files)) {
      const bad = file.indexOf(0xe9);
      for (const size of [16384, 4097, 65536, [bad], [bad + 1], [bad - 1, bad + 1]]) {
        const message = refused(await uploadInPieces(file, size));
        expect(message, `${name}, pieces ${JSON.stringify(size)}`).toMatch(
          /line 75 has bytes that are not UTF-8.*save it again as "CSV UTF-8"/,
        );
      }
    }
    // The same bytes near the start are recognised as Windows-1252 and read right.
    const early = await upload(
      Buffer.concat([
        Buffer.from(`${HEADER}\n`),
        Buffer.from(`late@example.org,Jos\xe9,M\xfcller,${id}\n`, 'latin1'),
      ]),
    );
    expect(outcomes(early.json())).toEqual([[2, 'created']]);
    expect(early.json().import.encoding).toBe('windows-1252');
    await commit(early.json().import.id);
    expect((await clinicians())[0]).toMatchObject({ givenName: 'José', familyName: 'Müller' });
  });

  it('refuses a Windows-1252 file with a UTF-8 row further on, naming its line, instead of storing "MÃ¼ller"', async () => {
    const { id } = await setup();
    // ASCII, a Windows-1252 row ("Jürgen", ü as FC; in the first 64 KB or after them), 70 ASCII rows of
    // which one ends with a lone CR, one record over two lines, and on line 75 a UTF-8 row ("Müller",
    // ü as C3 BC) pasted in from another file.
    const pad = asciiRows(id);
    const cp1252Row = Buffer.from(`j@example.org,J\xfcrgen,Schmidt,${id},\r\n`, 'latin1');
    const padding = Buffer.from(`${pad.slice(0, 35).join('\r\n')}\r${pad.slice(35).join('\n')}\r\n`);
    const tail = Buffer.concat([
      Buffer.from(`q@example.org,Q,Quoted,${id},"two\r\nlines"\r\n`),
      Buffer.from(`m@example.org,Anna,Müller,${id},\r\n`),
    ]);
    const header = Buffer.from(`${HEADER},notes\r\n`);
    const files = {
      'Windows-1252 in the head': Buffer.concat([header, cp1252Row, padding, tail]),
      'Windows-1252 after the head': Buffer.concat([header, padding, cp1252Row, tail]),
    };
    for (const [name, file] of Object.entries(files)) {
      const utf8 = file.indexOf(Buffer.from('ü')); // C3 BC
      const cp1252 = file.indexOf(0xfc);
      expect(utf8).toBeGreaterThan(cp1252);
      // Cut inside the UTF-8 character too: its C3 ends one piece, its BC begins the next.
      for (const size of [16384, 4097, 65536, [utf8], [utf8 + 1], [utf8 - 1, utf8 + 1], [cp1252 + 1]]) {
        const message = refused(await uploadInPieces(file, size));
        expect(message, `${name}, pieces ${JSON.stringify(size)}`).toMatch(
          /reads as Windows-1252 up to line 75, which has UTF-8 characters.*save the whole file as "CSV UTF-8"/,
        );
      }
    }
    expect(count('clinicians')).toBe(0);
  });

  it('reads a Windows-1252 file full of accented names whole, however the upload is cut', async () => {
    const { id } = await setup();
    // Accented letters before ASCII, before other accented letters, at the end of a cell.
    const names = [
      ['José', 'Núñez'],
      ['Zoë', 'Müller'],
      ['Françoise', 'Lefèvre'],
      ['Jürgen', 'Groß'],
      ['Søren', 'Kierkegård'],
      ['Åsa', 'Öberg'],
      ['Íñigo', 'Ibáñez'],
      ['Ólafur', 'Þórðarson'],
      ['Chloé', 'Dubœuf'],
      ['Želimir', 'Šimek'],
      ['Renée', 'Daßler'],
      ['Ægir', 'Ýmisdóttir'],
      ['Noël', 'Ÿvonnet'],
      ['Ângela', 'Conceição'],
    ];
    const rows = Array.from({ length: 112 }, (_, i) => [`n${i}@example.org`, ...names[i % names.length]!]);
    const csv = (part: string[][]) => part.map(([e, given, family]) => `${e},${given},${family},${id},\r\n`);
    // Half of them in the first 64 KB, read in one piece, half after the ASCII rows: cut as uploaded.
    const file = iconv.encode(
      [
        `${HEADER},notes\r\n`,
        ...csv(rows.slice(0, 56)),
        ...asciiRows(id).map((r) => `${r}\r\n`),
        ...csv(rows.slice(56)),
      ].join(''),
      'windows-1252',
    );
    // Cut after an "é" (E9, which begins a 3-byte UTF-8 character) and between the "á" and "ñ" of
    // "Ibáñez" (E1 F1): decided with the next piece, the bytes are Windows-1252.
    const cutAfter = (bytes: number[]) => file.indexOf(Buffer.from(bytes), 64 * 1024) + 1;
    let last = '';
    for (const size of [7, 4097, 65536, [cutAfter([0xe9])], [cutAfter([0xe1, 0xf1])]]) {
      const res = await uploadInPieces(file, size);
      expect(res.statusCode, `${size}`).toBe(201);
      expect(res.json().import.encoding).toBe('windows-1252');
      expect(res.json().import.summary.dryRun).toMatchObject({ rows: 182, created: 182, error: 0 });
      last = res.json().import.id;
    }
    expect((await commit(last)).statusCode).toBe(200);
    const stored = new Map((await clinicians()).map((c) => [c.email, [c.email, c.givenName, c.familyName]]));
    expect(rows.map(([email]) => stored.get(email!))).toEqual(rows);
  });

  // ß’ (DF 92) and Ü” (DC 94) are also valid UTF-8, for NKo and Syriac letters: read so, "Weiß’" was
  // stored as "Weiߒ", or the file refused as mixed once another accented letter came.
  it('reads a letter before a curly quote or dash in a Windows-1252 file as the two characters', async () => {
    const { id } = await setup();
    const rows = [
      ['q1@example.org', 'Anna', 'Weiß’'],
      ['q2@example.org', 'Jörg', '„Groß“'],
      ['q3@example.org', 'Ülkü', 'ÜÝÞ–Test'],
    ];
    const lines = (part: string[][]) =>
      part.map(([e, given, family]) => `${e},${given},${family},${id},\r\n`);
    for (const [name, part] of [
      ['the only accent', rows.slice(0, 1)],
      ['first of several', rows],
    ] as const) {
      const file = iconv.encode([`${HEADER},notes\r\n`, ...lines(part)].join(''), 'windows-1252');
      const res = await uploadInPieces(file, 4096);
      expect(res.statusCode, `${name}: ${res.body}`).toBe(201);
      expect(res.json().import.encoding, name).toBe('windows-1252');
      expect(
        res.json().rows.map((r: { email: string }) => r.email),
        name,
      ).toEqual(part.map(([e]) => e));
    }
    const dry = await uploadInPieces(
      iconv.encode([`${HEADER},notes\r\n`, ...lines(rows)].join(''), 'windows-1252'),
      4096,
    );
    expect((await commit(dry.json().import.id)).statusCode).toBe(200);
    const stored = new Map((await clinicians()).map((c) => [c.email, [c.email, c.givenName, c.familyName]]));
    expect(rows.map(([email]) => stored.get(email!))).toEqual(rows);
    // The same names in UTF-8 stay UTF-8.
    const utf8 = await uploadInPieces(Buffer.from([`${HEADER},notes\r\n`, ...lines(rows)].join('')), 4096);
    expect(utf8.json().import.encoding).toBe('utf-8');
    expect(utf8.json().import.summary.dryRun).toMatchObject({ unchanged: 3, error: 0 });
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
    expect(res.statusCode, res.body).toBe(201);
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

describe('import: XLSX text escapes (_xHHHH_)', () => {
  it('re-imports an exported name holding a literal "_x0041_" unchanged', async () => {
    const { id } = await setup();
    await t.clinician({
      hospitalId: id,
      givenName: 'A_x005F_b',
      familyName: 'Name_x0041_end',
      email: 'esc@example.org',
    });
    const exported = await t.app.inject({ url: '/api/v1/exports/directory.xlsx', headers: t.admin });
    expect(exported.statusCode).toBe(200);
    const res = await upload(exported.rawPayload, XLSX);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().import.summary.dryRun).toMatchObject({ rows: 1, unchanged: 1, error: 0 });
    expect((await commit(res.json().import.id)).statusCode).toBe(200);
    expect(await clinicians()).toEqual([
      expect.objectContaining({ givenName: 'A_x005F_b', familyName: 'Name_x0041_end' }),
    ]);
  });

  it('reads "_xHHHH_" in shared and inline strings as the character it stands for', async () => {
    const { id } = await setup();
    const xml = async (xlsx: Buffer, part: string) =>
      (await JSZip.loadAsync(xlsx)).file(part)!.async('string');
    // Shared strings, plain and rich text, as exceljs writes a workbook whole; lowercase hex digits too.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Clinicians');
    ws.addRow(['email', 'given_name', 'family_name', 'hospital_id']);
    ws.addRow(['shared@example.org', 'A_x0042_C', { richText: [{ text: 'x_x004a_y' }] }, id]);
    const shared = Buffer.from(await wb.xlsx.writeBuffer());
    expect(await xml(shared, 'xl/sharedStrings.xml')).toContain('<t>A_x0042_C</t>');
    // Inline strings, as the streaming writer writes rich text.
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const sw = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
    const sheet = sw.addWorksheet('Clinicians');
    sheet.addRow(['email', 'given_name', 'family_name', 'hospital_id']).commit();
    const rich = (text: string) => ({ richText: [{ text }] });
    sheet.addRow(['inline@example.org', rich('A_x0042_C'), rich('x_x004a_y'), id]).commit();
    sheet.commit();
    await sw.commit();
    const inline = Buffer.concat(chunks);
    expect(await xml(inline, 'xl/worksheets/sheet1.xml')).toContain('t="inlineStr"><is><r><t>A_x0042_C</t>');
    for (const file of [shared, inline]) {
      const res = await upload(file, XLSX);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().import.summary.dryRun).toMatchObject({ rows: 1, created: 1, error: 0 });
      expect((await commit(res.json().import.id)).statusCode).toBe(200);
    }
    expect((await clinicians()).map((c) => [c.email, c.givenName, c.familyName]).sort()).toEqual([
      ['inline@example.org', 'ABC', 'xJy'],
      ['shared@example.org', 'ABC', 'xJy'],
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
    expect(res.statusCode, res.body).toBe(201);
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

describe('import: empty rows', () => {
  it('skips rows whose cells are all empty (Excel saves formatted empty rows as ";;;"), keeping later row numbers', async () => {
    const { id } = await setup();
    const csv = `email;given_name;family_name;hospital_id\r\ne1@example.org;A;B;${id}\r\n;;;\r\n ; ;\t;\r\n\r\n;;;\r\ne2@example.org;C;D;${id}\r\n;;;\r\n`;
    const res = await upload(csv);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().import.summary.dryRun).toMatchObject({ rows: 2, created: 2, error: 0 });
    expect(outcomes(res.json())).toEqual([
      [2, 'created'],
      [7, 'created'],
    ]);
    // The same with commas, as the QA file.
    const commas = await upload(`${HEADER}\r\ne1@example.org,A,B,${id}\r\n,,,\r\n,,,\r\n`);
    expect(commas.json().import.summary.dryRun).toMatchObject({ rows: 1, created: 1, error: 0 });
  });
});

describe('import: files that are not spreadsheets', () => {
  const zip = async (files: Record<string, string>, store: string[] = []) => {
    const z = new JSZip();
    for (const [name, text] of Object.entries(files)) {
      z.file(name, text, store.includes(name) ? { compression: 'STORE' } : {});
    }
    return z.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  };
  const unsupported = (res: Awaited<ReturnType<typeof upload>>) => {
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('unsupported_file_type');
    expect(count('directory_imports')).toBe(0);
    return res.json().error.message as string;
  };

  it('refuses an OpenDocument spreadsheet, a Word document and other ZIP archives with a 415 saying what they are', async () => {
    await setup();
    // An .ods as LibreOffice writes it: first the entry "mimetype", stored, naming the type.
    const ods = await zip(
      {
        mimetype: 'application/vnd.oasis.opendocument.spreadsheet',
        'META-INF/manifest.xml': '<manifest:manifest/>',
        'content.xml':
          '<office:document-content><table:table-cell>email</table:table-cell></office:document-content>',
      },
      ['mimetype'],
    );
    expect(unsupported(await upload(ods, 'application/octet-stream'))).toMatch(
      /OpenDocument spreadsheet \(\.ods\).*save it as \.xlsx or CSV/,
    );
    const docx = await zip({
      '[Content_Types].xml': '<Types/>',
      '_rels/.rels': '<Relationships/>',
      'word/document.xml': '<w:document><w:body><w:p>email,given_name</w:p></w:body></w:document>',
    });
    expect(unsupported(await upload(docx, XLSX))).toMatch(/Word document \(\.docx\)/);
    const readme = await zip({ 'readme.txt': 'email,given_name\n' });
    expect(unsupported(await upload(readme, XLSX))).toMatch(/ZIP archive that is not an Excel workbook/);
  });

  it('says what to do with an .xls or a password-protected workbook (both are Compound Files)', async () => {
    await setup();
    const compoundFile = Buffer.alloc(1024);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(compoundFile);
    expect(unsupported(await upload(compoundFile, 'application/vnd.ms-excel'))).toMatch(
      /Excel 97-2003 workbook \(\.xls\), or a workbook protected with a password.*save it as \.xlsx without a password/,
    );
  });
});

describe('import: where the header is', () => {
  it('honours a "sep=" first line (Excel writes it on request) as the delimiter, and skips it', async () => {
    const { id } = await setup();
    for (const [sep, rows] of [
      [';', `email;given_name;family_name;hospital_id\r\ns1@example.org;A;"B, Jr";${id}\r\n`],
      [',', `email,given_name,family_name,hospital_id\r\ns2@example.org,A,B;C,${id}\r\n`],
      ['\t', `email\tgiven_name\tfamily_name\thospital_id\r\ns3@example.org\tA\tB,C;D\t${id}\r\n`],
    ]) {
      const res = await upload(`sep=${sep}\r\n${rows}`);
      expect(res.statusCode, `sep=${sep}`).toBe(201);
      // Excel does not show the line: the header is its row 1.
      expect(outcomes(res.json()), `sep=${sep}`).toEqual([[2, 'created']]);
      expect(res.json().ignoredRows).toEqual([]);
    }
    const uppercaseQuoted = await upload(
      `"SEP=;"\nemail;given_name;family_name;hospital_id\ns4@example.org;A;B;${id}\n`,
    );
    expect(outcomes(uppercaseQuoted.json())).toEqual([[2, 'created']]);
  });

  it('finds the header below a title row and lists the rows above it as ignored', async () => {
    const { id } = await setup();
    // A title without delimiters (the delimiter is then the header's), an empty row, a note.
    const csv = `Appointed clinicians – Poland 2026\r\n;;;\r\nAs of 1 March;;;\r\nemail;given_name;family_name;hospital_id\r\nt1@example.org;A;B;${id}\r\n`;
    const res = await upload(csv);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().ignoredRows).toEqual([
      { row: 1, cells: ['Appointed clinicians – Poland 2026'] },
      { row: 3, cells: ['As of 1 March'] },
    ]);
    expect(outcomes(res.json())).toEqual([[5, 'created']]);
    await commit(res.json().import.id);
    expect((await clinicians()).map((c) => [c.email, c.givenName, c.familyName])).toEqual([
      ['t1@example.org', 'A', 'B'],
    ]);
  });

  it('looks for the header in the first 10 non-empty rows and says so when it is not there', async () => {
    const { id } = await setup();
    const titles = (n: number) => Array.from({ length: n }, (_, i) => `Note ${i + 1},,,\r\n,,,\r\n`).join('');
    const data = `${HEADER}\r\nn@example.org,A,B,${id}\r\n`;
    const message = refused(await upload(`${titles(10)}${data}`));
    expect(message).toMatch(/no e-mail column.*within the first 10/);
    expect(refused(await upload('name,phone\nAnna,123\n'))).toMatch(/no e-mail column.*within the first 10/);
    const nine = await upload(`${titles(9)}${data}`);
    expect(nine.statusCode).toBe(201);
    expect(nine.json().ignoredRows).toHaveLength(9);
    expect(outcomes(nine.json())).toEqual([[20, 'created']]);
  });

  it('gives the same rows of a CSV and of an XLSX without a header row: their first 10, and no more', async () => {
    const notes = Array.from({ length: 15 }, (_, i) => [`Note ${i + 1}`, `${i}`]);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Notes');
    for (const row of notes) ws.addRow(row);
    const files = {
      csv: Buffer.from(notes.map((r) => `${r.join(',')}\r\n`).join('')),
      xlsx: Buffer.from(await wb.xlsx.writeBuffer()),
    };
    for (const [format, file] of Object.entries(files)) {
      const sheet = await openSheet(Readable.from([file]), undefined, (cells) => cells.includes('email'));
      const rows = [];
      for await (const row of sheet.rows) rows.push([row.rowNumber, ...row.cells]);
      expect(rows, format).toEqual(notes.slice(0, 10).map((r, i) => [i + 1, ...r]));
      expect(sheet.aboveHeader, format).toEqual([]);
    }
  });

  it('reads the first worksheet with an e-mail header (a "Read me" sheet first), and no other', async () => {
    const { id } = await setup();
    const none = new ExcelJS.Workbook();
    none.addWorksheet('Read me').addRow(['Nothing to import here']);
    none.addWorksheet('Names').addRow(['Name', 'Phone']);
    expect(refused(await upload(Buffer.from(await none.xlsx.writeBuffer()), XLSX))).toMatch(
      /no e-mail column.*within the first 10/,
    );

    const wb = new ExcelJS.Workbook();
    const readMe = wb.addWorksheet('Read me');
    readMe.addRow(['How to fill in the clinicians sheet']);
    readMe.addRow(['One row per clinician; the e-mail is required.']);
    const sheet = wb.addWorksheet('Clinicians');
    sheet.addRow(['Appointed clinicians – Poland 2026']);
    sheet.addRow([]);
    sheet.addRow(['E-mail', 'First name', 'Last name', 'Hospital ID']);
    sheet.addRow(['w1@example.org', 'A', 'B', id]);
    sheet.addRow(['w2@example.org', 'C', 'D', id]);
    const later = wb.addWorksheet('Old list');
    later.addRow(['email', 'given_name', 'family_name', 'hospital_id']);
    later.addRow(['old@example.org', 'O', 'L', id]);
    const res = await upload(Buffer.from(await wb.xlsx.writeBuffer()), XLSX);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().ignoredRows).toEqual([{ row: 1, cells: ['Appointed clinicians – Poland 2026'] }]);
    expect(res.json().rows.map((r: { row: number; email: string }) => [r.row, r.email])).toEqual([
      [4, 'w1@example.org'],
      [5, 'w2@example.org'],
    ]);
    expect(res.json().worksheet).toEqual({ name: 'Clinicians', position: 2 });
  });

  it('says which worksheet it read, by its name and its tab, also when its part comes before its tab', async () => {
    const { id } = await setup();
    const clinicians = oneClinicianSheet('tab@example.org', id);
    const readMe = inlineRow(1, 'How to fill in the clinicians sheet');
    // The tabs "Ärzte & Pflege", "Read me", "Old list", stored as sheet3.xml, sheet1.xml, sheet2.xml;
    // "Ärzte & Pflege" named in the relationships by an absolute path, as some programs write it.
    const xlsx = await rawWorkbook([
      { name: 'Ärzte &amp; Pflege', part: 3, rows: clinicians, target: '/xl/worksheets/sheet3.xml' },
      { name: 'Read me', part: 1, rows: readMe },
      { name: 'Old list', part: 2, rows: readMe },
    ]);
    const res = await upload(xlsx, XLSX);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().worksheet).toEqual({ name: 'Ärzte & Pflege', position: 1 });
    expect(outcomes(res.json())).toEqual([[2, 'created']]);
    // A CSV has no worksheet.
    const csv = await upload(`${HEADER}\nc@example.org,C,D,${id}\n`);
    expect(csv.statusCode).toBe(201);
    expect(csv.json().worksheet).toBeNull();
  });

  it('reads the sheets in tab order, whatever the order of their parts in the file', async () => {
    const { id } = await setup();
    const sheet = (email: string) => oneClinicianSheet(email, id);
    // "Current" is the first tab, stored after "Old list"; both have a header row.
    const xlsx = await rawWorkbook([
      { name: 'Current', part: 2, rows: sheet('current@example.org') },
      { name: 'Old list', part: 1, rows: sheet('old@example.org') },
    ]);
    const res = await upload(xlsx, XLSX);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().worksheet).toEqual({ name: 'Current', position: 1 });
    expect(res.json().rows.map((r: { email: string }) => r.email)).toEqual(['current@example.org']);
  });

  it('never imports a hidden sheet, and reads a sheet whatever its part is called', async () => {
    const { id } = await setup();
    const sheet = (email: string) => oneClinicianSheet(email, id);
    // A hidden first tab of last year's list; the visible one stored as xl/worksheets/clinicians.xml
    // (a valid name, though neither Excel nor exceljs writes it).
    const xlsx = await rawWorkbook([
      { name: 'Last year', part: 1, rows: sheet('old@example.org'), hidden: true },
      { name: 'Clinicians', part: 2, rows: sheet('new@example.org'), target: 'worksheets/clinicians.xml' },
    ]);
    const res = await upload(xlsx, XLSX);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().worksheet).toEqual({ name: 'Clinicians', position: 2 });
    expect(res.json().rows.map((r: { email: string }) => r.email)).toEqual(['new@example.org']);
  });
});
