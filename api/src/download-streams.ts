import type { ServerResponse } from 'node:http';
import { Readable, type Writable } from 'node:stream';

/** Waits for the next turn of the event loop, so other requests are served meanwhile. */
export const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** Settles when `stream` can take more, or has closed. */
export const drainedOrClosed = (stream: Writable) =>
  new Promise<void>((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });

// RFC 4180 quoting; also on ; and tab, which Excel in many European locales takes for separators.
const csvCell = (v: string) => (/[",;\r\n\t]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
const csvLine = (cells: readonly string[]) => `${cells.map(csvCell).join(',')}\r\n`;

/** Characters of CSV per chunk written: one write per row cost a system call per row. */
const CSV_CHUNK_CHARS = 64 * 1024;

/**
 * A CSV download with CRLF line ends, written in chunks with a turn of the event loop between them:
 * a socket that keeps up would otherwise take a synchronous source in one go (100k clinicians froze
 * the API for 7.6 s). The cells are written as given: neutralising formulas is the caller's rule.
 * `bom` starts the file with UTF-8's byte order mark, for Excel (else it guesses the ANSI code page).
 */
export function csvStream(
  header: readonly string[],
  rows: Iterable<readonly string[]>,
  { bom }: { bom: boolean },
): Readable {
  async function* chunks() {
    let chunk = `${bom ? '\uFEFF' : ''}${csvLine(header)}`;
    for (const cells of rows) {
      chunk += csvLine(cells);
      if (chunk.length >= CSV_CHUNK_CHARS) {
        yield chunk;
        chunk = '';
        await nextTurn();
      }
    }
    yield chunk;
  }
  return Readable.from(chunks(), { objectMode: false });
}

/**
 * The rows of a download, each as `toRow` makes it from what is read, ended when the client stops taking
 * them. An export reads one snapshot of the database (readSnapshot), held until its last row is read,
 * and the WAL cannot be reset meanwhile. A client that stops reading (its socket full, the stream
 * paused) would hold it for as long as its connection stayed open. So when no row was pulled for
 * `stallMs`, the response is destroyed, which ends the stream and closes the snapshot. A download that
 * goes on, however slowly, is left alone.
 */
export function endedWhenStalled<T, R>(
  read: Iterable<T>,
  toRow: (item: T) => R,
  response: ServerResponse,
  stallMs: number,
): Generator<R> {
  let lastPull = Date.now();
  const check = setInterval(
    () => {
      if (Date.now() - lastPull > stallMs) response.destroy();
    },
    Math.min(stallMs, 5000),
  ).unref();
  response.once('close', () => clearInterval(check));
  return (function* () {
    try {
      for (const item of read) {
        lastPull = Date.now();
        yield toRow(item);
      }
    } finally {
      clearInterval(check); // every row read: the snapshot is closed already
    }
  })();
}
