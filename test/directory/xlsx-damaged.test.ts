import { readdirSync, readlinkSync } from 'node:fs';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { openSheet } from '../../api/src/directory/spreadsheet/read.js';
import { UNPACK_LIMITS, type UnpackLimits } from '../../api/src/directory/spreadsheet/xlsx-rows.js';

const SHEET = 'xl/worksheets/sheet1.xml';
const SST = 'xl/sharedStrings.xml';

/** A valid workbook of `rows` rows (a header and Person i): shared strings, or inline ones (t="str"). */
async function workbook(rows: number, sharedStrings: boolean): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const out = new (await import('node:stream')).PassThrough();
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: sharedStrings });
  const ws = wb.addWorksheet('Directory');
  ws.addRow(['Name', 'Email', 'Phone']).commit();
  for (let i = 1; i < rows; i++) ws.addRow([`Person ${i}`, `p${i}@example.org`, 600000000 + i]).commit();
  ws.commit();
  await wb.commit();
  return Buffer.concat(chunks);
}

/** The workbook with one XML part rewritten: the zip stays valid, only the part's text is damaged. */
async function damaged(xlsx: Buffer, part: string, edit: (xml: string) => string): Promise<Buffer> {
  const zip = await JSZip.loadAsync(xlsx);
  const xml = await zip.file(part)!.async('string');
  const edited = edit(xml);
  expect(edited).not.toBe(xml);
  zip.file(part, edited);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** A workbook written whole by exceljs (its parts in another order than the streaming writer's). */
async function workbookOf(rows: number): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Directory');
  ws.addRow(['Name', 'Email']);
  for (let i = 1; i < rows; i++) ws.addRow([`Person ${i}`, `p${i}@example.org`]);
  return wb;
}

async function readAll(xlsx: Buffer, limits?: UnpackLimits) {
  const sheet = await openSheet(Readable.from([xlsx]), limits);
  const rows = [];
  for await (const row of sheet.rows) rows.push(row);
  return rows;
}

const half = (xml: string) => xml.slice(0, Math.floor(xml.length / 2));

/**
 * The workbook with the compressed bytes of one part damaged, the zip's layout untouched: the first
 * byte of the part's deflate data becomes 0xFF, a block type deflate does not have.
 */
function corruptDeflate(xlsx: Buffer, part: string): Buffer {
  const name = Buffer.from(part);
  for (let at = xlsx.indexOf(0x04034b50 & 0xff); at >= 0; at = xlsx.indexOf(0x50, at + 1)) {
    if (xlsx.readUInt32LE(at) !== 0x04034b50) continue; // a local file header
    const nameLength = xlsx.readUInt16LE(at + 26);
    if (!xlsx.subarray(at + 30, at + 30 + nameLength).equals(name)) continue;
    expect(xlsx.readUInt16LE(at + 8)).toBe(8); // deflated
    const copy = Buffer.from(xlsx);
    copy[at + 30 + nameLength + xlsx.readUInt16LE(at + 28)] = 0xff;
    return copy;
  }
  throw new Error(`${part} is not in the workbook`);
}

describe('a damaged XLSX part is refused, not read in part', () => {
  it('reads a whole workbook, inline strings or shared', async () => {
    for (const shared of [false, true]) {
      const rows = await readAll(await workbook(3000, shared));
      expect(rows).toHaveLength(3000);
      expect(rows[2999]!.cells).toEqual(['Person 2999', 'p2999@example.org', '600002999']);
    }
  });

  it('refuses a worksheet cut in half', async () => {
    const xlsx = await damaged(await workbook(3000, false), SHEET, half);
    await expect(readAll(xlsx)).rejects.toMatchObject({
      statusCode: 422,
      message: expect.stringContaining('xl/worksheets/sheet1.xml is cut short'),
    });
  });

  it('refuses a worksheet with an unescaped & (it swallows the rest of the sheet)', async () => {
    const xlsx = await damaged(await workbook(3000, false), SHEET, (xml) =>
      xml.replace('<c r="A4" t="str"><v>Person 3</v></c>', '<c r="A4" t="inlineStr"><is><t>A&B</t></is></c>'),
    );
    await expect(readAll(xlsx)).rejects.toMatchObject({ statusCode: 422 });
  });

  it('refuses shared strings cut in half', async () => {
    const xlsx = await damaged(await workbook(3000, true), SST, half);
    await expect(readAll(xlsx)).rejects.toMatchObject({
      statusCode: 422,
      message: expect.stringContaining('xl/sharedStrings.xml is cut short'),
    });
  });

  it('refuses shared strings with an unescaped &', async () => {
    const xlsx = await damaged(await workbook(3000, true), SST, (xml) =>
      xml.replace('<t>Person 5</t>', '<t>A&B</t>'),
    );
    await expect(readAll(xlsx)).rejects.toMatchObject({ statusCode: 422 });
  });

  it('keeps a character that straddles two chunks of the XML whole', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Directory');
    ws.addRow(['Name']);
    for (let i = 1; i < 20000; i++) ws.addRow([`Élodie Müller-Søren ${i}`]);
    const rows = await readAll(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(rows.filter((r) => r.cells[0]!.includes('\uFFFD'))).toEqual([]);
  });

  it('refuses a workbook whose compressed data is damaged in a part it reads, and answers at once', async () => {
    const streamed = await workbook(3000, true); // the worksheet before the workbook part
    const whole = Buffer.from(await (await workbookOf(3000)).xlsx.writeBuffer()); // the worksheet after it
    for (const [xlsx, part] of [
      [streamed, SHEET],
      [streamed, SST],
      [streamed, 'xl/workbook.xml'],
      [whole, SHEET],
    ] as const) {
      await expect(readAll(corruptDeflate(xlsx, part)), part).rejects.toMatchObject({
        statusCode: 422,
        message: expect.stringContaining('compressed data is damaged (invalid block type)'),
      });
    }
    // The theme (fonts and colours) is not read: damaged, it costs the directory nothing.
    expect(await readAll(corruptDeflate(streamed, 'xl/theme/theme1.xml'))).toHaveLength(3000);
  });

  it('says a workbook cut short was cut short', async () => {
    const xlsx = await workbook(3000, true);
    for (const length of [200, Math.floor(xlsx.length / 2), xlsx.length - 100]) {
      await expect(readAll(xlsx.subarray(0, length)), `${length} bytes`).rejects.toMatchObject({
        statusCode: 422,
        message: expect.stringContaining('the file was cut short'),
      });
    }
  });

  it('names a missing part in words, not with the JavaScript error it causes', async () => {
    const xlsx = await damaged(await workbook(30, true), 'xl/workbook.xml', () => '');
    const refusal = readAll(xlsx);
    await expect(refusal).rejects.toMatchObject({
      statusCode: 422,
      message: expect.stringContaining('a part Excel always writes is missing or empty'),
    });
    await expect(refusal).rejects.not.toMatchObject({ message: expect.stringMatching(/undefined/) });
  });

  // A small file of repeated text can unpack to gigabytes, and exceljs keeps every shared string in
  // memory (measured: a 1.8 MB upload unpacking to 600 MB of shared strings took 830 MB of memory).
  it('refuses a workbook that unpacks to more text than its limits, before reading it all', async () => {
    const xlsx = await workbook(3000, true);
    const sizes = { sst: 0, sheet: 0 };
    const zip = await JSZip.loadAsync(xlsx);
    sizes.sst = (await zip.file(SST)!.async('string')).length;
    sizes.sheet = (await zip.file(SHEET)!.async('string')).length;
    const limits = { sharedStringsChars: sizes.sst, worksheetChars: sizes.sheet };
    expect(await readAll(xlsx, limits)).toHaveLength(3000);
    await expect(readAll(xlsx, { ...limits, sharedStringsChars: sizes.sst - 1 })).rejects.toMatchObject({
      statusCode: 413,
      code: 'payload_too_large',
      message: expect.stringContaining(`MB of text in ${SST}`),
    });
    await expect(readAll(xlsx, { ...limits, worksheetChars: sizes.sheet - 1 })).rejects.toMatchObject({
      statusCode: 413,
      message: expect.stringContaining(`MB of text in ${SHEET}`),
    });
    // The defaults leave a 100,000-clinician directory (8 MB of shared strings, 60 MB of worksheet) room.
    expect(UNPACK_LIMITS.sharedStringsChars).toBeGreaterThan(10 * 8e6);
    expect(UNPACK_LIMITS.worksheetChars).toBeGreaterThan(10 * 60e6);
  });
});

describe('an XLSX is read through its table of contents (the zip central directory)', () => {
  const twoSheets = async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Read me').addRow(['How to fill in the directory']);
    const ws = wb.addWorksheet('Directory');
    ws.addRow(['Name', 'Email']);
    for (let i = 1; i <= 50; i++) ws.addRow([`Person ${i}`, `p${i}@example.org`]);
    return Buffer.from(await wb.xlsx.writeBuffer());
  };
  const isHeader = (cells: readonly string[]) => cells.includes('Email');

  // Read front to back as it streamed in, exceljs now and then lost a part of this workbook (exceljs
  // #2790, #3064): 11 of 750 reads under load were refused as missing xl/workbook.xml.
  it('reads a two-sheet workbook written by exceljs every time', async () => {
    const xlsx = await twoSheets();
    const failures: string[] = [];
    for (let i = 0; i < 300; i++) {
      try {
        const sheet = await openSheet(Readable.from([xlsx]), undefined, isHeader);
        let rows = 0;
        for await (const _ of sheet.rows) rows++;
        if (rows !== 51) failures.push(`read ${i}: ${rows} rows`);
      } catch (error) {
        failures.push(`read ${i}: ${(error as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });

  // The upload is spooled to a temporary file with no name: an open descriptor is all that is left of it.
  it.runIf(process.platform === 'linux')(
    'leaves no upload open, whether a workbook is read to its end, left after its header, or refused',
    async () => {
      const spooled = () =>
        readdirSync('/proc/self/fd').filter((fd) => {
          try {
            return readlinkSync(`/proc/self/fd/${fd}`).includes('cmss-upload-');
          } catch {
            return false; // closed meanwhile
          }
        }).length;
      const xlsx = await twoSheets();
      const open: unknown[] = [];
      const first = (await openSheet(Readable.from([xlsx]), undefined, isHeader)).rows[
        Symbol.asyncIterator
      ]();
      await first.next();
      open.push(spooled()); // held while the rows are read
      for (let i = 0; i < 5; i++) {
        await readAll(xlsx);
        const rows = (await openSheet(Readable.from([xlsx]), undefined, isHeader)).rows[
          Symbol.asyncIterator
        ]();
        await rows.next();
        await rows.return?.(undefined); // the import stops after the header when it has no e-mail column
        await readAll(corruptDeflate(xlsx, 'xl/worksheets/sheet2.xml')).catch(() => {});
        await readAll(xlsx.subarray(0, xlsx.length - 50)).catch(() => {});
      }
      await first.return?.(undefined);
      await new Promise((resolve) => setTimeout(resolve, 100)); // descriptors close asynchronously
      expect([...open, spooled()]).toEqual([1, 0]);
    },
  );
});

// exceljs 4.4 keeps only the last <t> of an inline string (a rich text's last run, or its phonetic
// reading) and decodes the entities of inline and formula text a second time.
describe('XLSX string cells are read as the XML says them', () => {
  const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';
  async function oneSheet(
    sheetData: string,
    name = 'S',
    sharedStrings?: string,
    worksheet = (data: string) => `<worksheet xmlns="${MAIN}"><sheetData>${data}</sheetData></worksheet>`,
  ): Promise<Buffer> {
    const z = new JSZip();
    if (sharedStrings !== undefined) z.file('xl/sharedStrings.xml', sharedStrings);
    z.file(
      'xl/workbook.xml',
      `<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="${name}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    );
    z.file(
      'xl/_rels/workbook.xml.rels',
      `<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    );
    z.file('xl/worksheets/sheet1.xml', worksheet(sheetData));
    return z.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  }

  it('keeps every run of an inline rich text, leaves out phonetic readings, and decodes entities once', async () => {
    const xlsx = await oneSheet(
      [
        '<row r="1">',
        '<c r="A1" t="inlineStr"><is><r><rPr><b/></rPr><t>Anna</t></r><r><t xml:space="preserve"> Maria</t></r></is></c>',
        '<c r="B1" t="inlineStr"><is><t>山田</t><rPh sb="0" eb="2"><t>やまだ</t></rPh></is></c>',
        '<c r="C1" t="inlineStr"><is><t>Smith &amp;amp; Jones &amp;lt;b&amp;gt;</t></is></c>',
        '<c r="D1" t="str"><f>"x"</f><v>R&amp;amp;D</v></c>',
        '<c r="E1" t="str"><f>"never saved"</f></c>',
        '<c r="AA1" t="inlineStr"><is><t>far &amp;amp; right</t></is></c>',
        '</row>',
      ].join(''),
    );
    const [row] = await readAll(xlsx);
    expect(row!.cells.slice(0, 5)).toEqual([
      'Anna Maria',
      '山田',
      'Smith &amp; Jones &lt;b&gt;',
      'R&amp;D',
      '',
    ]);
    expect(row!.unreadable!.slice(0, 5)).toEqual([false, false, false, false, true]);
    expect(row!.cells[26]).toBe('far &amp; right');
  });

  it('reads shared strings the same way: every run, no phonetic reading, no whitespace between elements', async () => {
    const sst = [
      `<sst xmlns="${MAIN}" count="3" uniqueCount="3">`,
      '<si><t>Ken</t><rPh sb="0" eb="3"><t>ケン</t></rPh></si>',
      '<si>\n  <r>\n    <rPr><b/></rPr>\n    <t>Anna</t>\n  </r>\n  <r>\n    <t xml:space="preserve"> Maria</t>\n  </r>\n</si>',
      '<si><t>R&amp;amp;D</t></si>',
      '</sst>',
    ].join('');
    const xlsx = await oneSheet(
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>',
      'S',
      sst,
    );
    const [row] = await readAll(xlsx);
    expect(row!.cells).toEqual(['Ken', 'Anna Maria', 'R&amp;D']);
  });

  it('says a worksheet Excel would not write cannot be read: cells without references, prefixed XML names', async () => {
    const noReferences = await oneSheet('<row r="1"><c t="inlineStr"><is><t>Email</t></is></c></row>');
    await expect(readAll(noReferences)).rejects.toThrow(/cells have no references.*save it again/);
    const prefixed = await oneSheet(
      '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Email</x:t></x:is></x:c></x:row>',
      'S',
      undefined,
      (data) => `<x:worksheet xmlns:x="${MAIN}"><x:sheetData>${data}</x:sheetData></x:worksheet>`,
    );
    await expect(readAll(prefixed)).rejects.toThrow(/namespace prefix \(<x:row>\).*save it again/);
  });

  it('reports a sheet name with its entities decoded once', async () => {
    const xlsx = await oneSheet(
      '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>',
      'R&amp;amp;D &amp; QA',
    );
    const sheet = await openSheet(Readable.from([xlsx]));
    for await (const _ of sheet.rows) {
    }
    expect(sheet.worksheet).toEqual({ name: 'R&amp;D & QA', position: 1 });
  });
});
