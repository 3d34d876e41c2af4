import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type DirectoryTestApp, directoryApp } from './helpers.js';

let t: DirectoryTestApp;
afterEach(async () => t?.app.close());

const setup = async (overrides: Parameters<typeof directoryApp>[0] = {}) => {
  t = await directoryApp({ logLevel: (process.env.TEST_LOG as 'error') ?? 'silent', ...overrides });
};

const CSV = 'email,given_name\r\nx@example.org,Anna\r\n';
/** One multipart part; `filename` null makes it a text field. */
const part = (boundary: string, name: string, content: string, filename: string | null = 'a.csv') =>
  `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename === null ? '' : `; filename="${filename}"`}\r\n` +
  `${filename === null ? '' : 'Content-Type: text/csv\r\n'}\r\n${content}\r\n`;
const closing = (boundary: string) => `--${boundary}--\r\n`;

const upload = (body: string, type: string, url = '/api/v1/imports') =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { ...t.admin, 'content-type': type },
    payload: Buffer.from(body),
  });

const count = (table: string) =>
  (t.app.database.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const nothingStored = () => {
  expect(count('directory_imports')).toBe(0);
  expect(count('clinicians')).toBe(0);
};

/** Sends `body` over a real socket, ends the request, and resolves with the answer (or rejects on close). */
function post(port: number, headers: Record<string, string>, body: string) {
  return new Promise<{ status: number; json: { error: { code: string; message: string } } }>(
    (resolve, reject) => {
      const request = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/v1/imports',
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => {
            text += c;
          });
          res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(text) }));
        },
      );
      request.on('error', reject);
      // Headers first, then the body in two pieces: the route is already reading when the body stops.
      request.flushHeaders();
      setTimeout(() => {
        request.write(body.slice(0, 40));
        setTimeout(() => request.end(body.slice(40)), 50);
      }, 50);
    },
  );
}

describe('import upload: malformed multipart bodies', () => {
  it('answers a multipart body without its closing boundary with a 400, promptly, storing nothing', {
    timeout: 10_000,
  }, async () => {
    await setup();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const truncated = part('XYZ', 'file', CSV).replace(/\r\n$/, ''); // no "--XYZ--"
    const bigTruncated = part('XYZ', 'file', `email,given_name\n${'x@example.org,Anna\n'.repeat(5_000)}`);
    for (const body of [truncated, bigTruncated]) {
      const res = await post(port, { ...t.admin, 'content-type': 'multipart/form-data; boundary=XYZ' }, body);
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe('invalid_multipart');
      expect(res.json.error.message).toMatch(/unexpected end of multipart data/i);
    }
    nothingStored();
  });

  it('answers a multipart body without a boundary, or whose boundary never appears, with a 400', async () => {
    await setup();
    const noBoundary = await upload(CSV, 'multipart/form-data');
    expect(noBoundary.statusCode).toBe(400);
    expect(noBoundary.json().error).toMatchObject({ code: 'invalid_multipart' });
    expect(noBoundary.json().error.message).toMatch(/boundary not found/i);

    const missingBoundary = await upload(CSV, 'multipart/form-data; boundary=XYZ');
    expect(missingBoundary.statusCode).toBe(400);
    expect(missingBoundary.json().error).toMatchObject({ code: 'invalid_multipart' });
    expect(missingBoundary.json().error.message).toMatch(/unexpected end of multipart data/i);
    nothingStored();
  });
});

describe('import upload: request validation', () => {
  it('accepts only one file, in the field "file", and no unknown query parameter', async () => {
    await setup();
    const type = 'multipart/form-data; boundary=XYZ';

    const wrongField = await upload(part('XYZ', 'spreadsheet', CSV) + closing('XYZ'), type);
    expect(wrongField.statusCode).toBe(400);
    expect(wrongField.json().error.code).toBe('validation_failed');
    expect(wrongField.json().error.message).toMatch(/"spreadsheet".*field "file"/);
    // Worded as the other routes' body errors: the field at fault and the rule it breaks.
    expect(wrongField.json().error.details).toEqual([
      expect.objectContaining({ in: 'body', field: 'spreadsheet', code: 'additionalProperties' }),
    ]);

    const textField = await upload(
      part('XYZ', 'note', 'hello', null) + part('XYZ', 'file', CSV) + closing('XYZ'),
      type,
    );
    expect(textField.statusCode).toBe(400);
    expect(textField.json().error.code).toBe('validation_failed');
    expect(textField.json().error.message).toMatch(/"note".*field "file"/);

    // What `curl -F file=<a.csv` sends: the content as a text field named "file".
    const fileAsText = await upload(part('XYZ', 'file', CSV, null) + closing('XYZ'), type);
    expect(fileAsText.statusCode).toBe(400);
    expect(fileAsText.json().error.message).toMatch(
      /the part "file" is a text field; send the spreadsheet as a file/,
    );

    const twoFiles = await upload(
      part('XYZ', 'file', CSV) + part('XYZ', 'file', 'email\r\ny@example.org\r\n', 'b.csv') + closing('XYZ'),
      type,
    );
    expect(twoFiles.statusCode).toBe(400);
    expect(twoFiles.json().error.code).toBe('too_many_files');
    expect(twoFiles.json().error.message).toMatch(/one file per import/);

    const fieldAfterFile = await upload(
      part('XYZ', 'file', CSV) + part('XYZ', 'x', '1', null) + closing('XYZ'),
      type,
    );
    expect(fieldAfterFile.statusCode).toBe(400);
    expect(fieldAfterFile.json().error.code).toBe('validation_failed');

    // Unknown query parameters are a 400 as on the other routes (additionalProperties: false).
    const unknownQuery = await upload(CSV, 'text/csv', '/api/v1/imports?filename=a.csv');
    expect(unknownQuery.statusCode).toBe(400);
    expect(unknownQuery.json().error.code).toBe('validation_failed');
    const longName = await upload(CSV, 'text/csv', `/api/v1/imports?fileName=${'a'.repeat(256)}`);
    expect(longName.statusCode).toBe(400);
    expect(longName.json().error.code).toBe('validation_failed');
    nothingStored();

    // The well-formed uploads still work.
    const ok = await upload(part('XYZ', 'file', CSV, 'ok.csv') + closing('XYZ'), type);
    expect(ok.statusCode).toBe(201);
    expect(ok.json().import.fileName).toBe('ok.csv');
    // A part's file name is kept printable and at most 255 characters, like ?fileName.
    const oddName = await upload(
      part('XYZ', 'file', CSV, `a\u0001b\u007f${'c'.repeat(300)}.csv`) + closing('XYZ'),
      type,
    );
    expect(oddName.json().import.fileName).toBe(`ab${'c'.repeat(253)}`);
    const raw = await upload(CSV, 'text/csv', '/api/v1/imports?fileName=raw.csv');
    expect(raw.statusCode).toBe(201);
    expect(raw.json().import.fileName).toBe('raw.csv');
    // ?fileName, when given, names a multipart upload too.
    const named = await upload(
      part('XYZ', 'file', CSV, 'part.csv') + closing('XYZ'),
      type,
      '/api/v1/imports?fileName=named.csv',
    );
    expect(named.json().import.fileName).toBe('named.csv');
    expect(count('directory_imports')).toBe(4);
  });

  it('closes the connection after refusing an upload it did not read to the end', async () => {
    await setup();
    const file = `email\r\n${'x@example.org\r\n'.repeat(20_000)}`;
    const stray = await upload(
      part('XYZ', 'note', 'hello', null) + part('XYZ', 'file', file) + closing('XYZ'),
      'multipart/form-data; boundary=XYZ',
    );
    expect(stray.statusCode).toBe(400);
    expect(stray.headers.connection).toBe('close');
    const good = await upload(part('XYZ', 'file', CSV) + closing('XYZ'), 'multipart/form-data; boundary=XYZ');
    expect(good.statusCode).toBe(201);
    expect(good.headers.connection).not.toBe('close');
  });

  it('refuses a multipart file over IMPORT_MAX_BYTES with a 413, storing nothing', async () => {
    await setup({ importMaxBytes: 2048 });
    const big = `email\r\n${'x@example.org\r\n'.repeat(1000)}`;
    const res = await upload(part('XYZ', 'file', big) + closing('XYZ'), 'multipart/form-data; boundary=XYZ');
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
    nothingStored();
  });
});
