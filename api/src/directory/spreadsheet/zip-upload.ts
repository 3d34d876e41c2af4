import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import yauzl from 'yauzl';

/**
 * An uploaded ZIP archive (an XLSX workbook), read through its central directory: any part by name, in
 * any order. Reading a ZIP as it streams in, front to back (what exceljs's streaming reader does), now
 * and then loses an entry (exceljs #2790, #3064; measured here: 11 of 750 reads of a two-sheet
 * workbook under load lost xl/workbook.xml), and takes the worksheets in the order their parts happen to
 * be stored rather than the tabs' order. So the upload is spooled to a temporary file first, as it
 * arrives (bounded by the upload limit), and its parts are read from there as streams.
 */
export interface ZipUpload {
  /** The archive's entries by name (a part of a workbook: "xl/workbook.xml"). */
  readonly names: ReadonlySet<string>;
  /** The unpacked bytes of an entry, streamed; fails when its compressed data is damaged. */
  read(name: string): Promise<Readable>;
  /** The entry's size as its central directory states it (checked as it is read). */
  size(name: string): number;
  /** Closes the archive; its file goes once every part read is closed too. */
  close(): void;
}

/** The upload is no ZIP archive that can be opened: its table of contents is missing or damaged (yauzl's message). */
export class ZipOpenError extends Error {}

/**
 * Copies the upload into a temporary file, and returns its descriptor and, on systems that keep the
 * name of an open file (Windows), its path to remove once it is closed. Elsewhere the name is removed at
 * once: nothing is left behind, even by a crash. An error of the upload (too large, cut off) is the
 * error thrown.
 */
async function spool(upload: Readable): Promise<{ fd: number; path: string | null }> {
  const path = join(tmpdir(), `cmss-upload-${randomUUID()}.zip`);
  const fd = await promisify(fs.open)(path, 'wx+', 0o600);
  const named = await unlink(path).then(
    () => null,
    () => path,
  );
  const write = promisify(fs.write);
  try {
    let position = 0;
    for await (const chunk of upload) {
      const bytes = chunk as Buffer;
      for (let at = 0; at < bytes.length; ) {
        const { bytesWritten } = await write(fd, bytes, at, bytes.length - at, position);
        at += bytesWritten;
        position += bytesWritten;
      }
    }
    return { fd, path: named };
  } catch (error) {
    await closeFile(fd, named);
    throw error;
  }
}

async function closeFile(fd: number, path: string | null): Promise<void> {
  await promisify(fs.close)(fd);
  if (path) await unlink(path).catch(() => {});
}

/** The archive's entries, from its central directory. */
function entriesOf(zip: yauzl.ZipFile): Promise<Map<string, yauzl.Entry>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, yauzl.Entry>();
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.set(entry.fileName, entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', reject);
    zip.readEntry();
  });
}

export async function openZipUpload(upload: Readable): Promise<ZipUpload> {
  const file = await spool(upload);
  let zip: yauzl.ZipFile;
  let entries: Map<string, yauzl.Entry>;
  try {
    zip = await yauzl.fromFdPromise(file.fd, { lazyEntries: true, autoClose: false });
    entries = await entriesOf(zip);
  } catch (error) {
    await closeFile(file.fd, file.path);
    throw new ZipOpenError((error as Error).message);
  }
  // From here on yauzl owns the descriptor: it closes it once the archive and every part read are.
  // A part's read errors reach its stream; one in closing the file has no one left to tell.
  zip.on('error', () => {});
  if (file.path) zip.once('close', () => unlink(file.path!).catch(() => {}));
  const entry = (name: string) => {
    const found = entries.get(name);
    if (!found) throw new Error(`the archive has no ${name}`);
    return found;
  };
  return {
    names: new Set(entries.keys()),
    read: (name) => zip.openReadStreamPromise(entry(name)),
    size: (name) => entry(name).uncompressedSize,
    close: () => zip.close(),
  };
}
