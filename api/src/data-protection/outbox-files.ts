import { readdir, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The ICS outbox (OUTBOX_DIR) keeps every invitation as an .eml file. Names and addresses may be
 * encoded in them (RFC 2047 encoded words, quoted-printable, base64, iCalendar line folding), so files
 * are searched in every decoded form, not just as raw bytes.
 */

async function listFiles(dir: string): Promise<string[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const out: string[] = [];
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(path)));
    else if (e.isFile()) out.push(path);
  }
  return out;
}

const decodeQuotedPrintable = (s: string) =>
  s
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));

/** RFC 2047 "=?UTF-8?Q?…?=" / "=?UTF-8?B?…?=" in headers. */
const decodeEncodedWords = (s: string) =>
  s.replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, _charset: string, enc: string, text: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(decodeQuotedPrintable(text.replace(/_/g, ' ')), 'latin1').toString('utf8'),
  );

/** Every base64 body block (consecutive base64-only lines), decoded. */
const decodeBase64Blocks = (s: string) =>
  [...s.matchAll(/(?:^[A-Za-z0-9+/=]{16,}\r?\n){1,}/gm)]
    .map((m) => Buffer.from(m[0].replace(/\s+/g, ''), 'base64').toString('utf8'))
    .join('\n');

/** The file's text in all the forms a name or address might hide in, unfolded. */
export function searchableText(raw: string): string {
  const qp = Buffer.from(decodeQuotedPrintable(raw), 'latin1').toString('utf8');
  const forms = [raw, decodeEncodedWords(raw), qp, decodeBase64Blocks(raw)];
  // iCalendar folds long lines with CRLF + space; mail headers fold the same way.
  return forms.map((f) => f.replace(/\r?\n[ \t]/g, '')).join('\n');
}

/** Deletes every outbox file that mentions one of the needles; returns the deleted paths. */
export async function deleteOutboxFilesMentioning(dir: string, needles: RegExp[]): Promise<string[]> {
  const deleted: string[] = [];
  for (const file of await listFiles(dir)) {
    const text = searchableText((await readFile(file)).toString('utf8'));
    if (needles.some((re) => new RegExp(re.source, re.flags.replace('g', '')).test(text))) {
      await unlink(file);
      deleted.push(file);
    }
  }
  return deleted;
}

/** Retention: deletes outbox files written (sent) before `before`. */
export async function deleteOutboxFilesOlderThan(dir: string, before: Date): Promise<number> {
  let n = 0;
  for (const file of await listFiles(dir)) {
    if ((await stat(file)).mtime < before) {
      await unlink(file);
      n++;
    }
  }
  return n;
}

/** Lists outbox files mentioning a needle (for the personal-data export). */
export async function outboxFilesMentioning(dir: string, needles: RegExp[]): Promise<string[]> {
  const found: string[] = [];
  for (const file of await listFiles(dir)) {
    const text = searchableText((await readFile(file)).toString('utf8'));
    if (needles.some((re) => new RegExp(re.source, re.flags.replace('g', '')).test(text))) found.push(file);
  }
  return found;
}
