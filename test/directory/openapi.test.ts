import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADER_ALIASES } from '../../api/src/directory/spreadsheet/columns.js';
import { type DirectoryTestApp, directoryApp } from './helpers.js';

describe('directory OpenAPI', () => {
  let t: DirectoryTestApp;
  let doc: {
    paths: Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown }>>;
  };
  beforeAll(async () => {
    t = await directoryApp();
    doc = (await t.app.inject('/openapi.json')).json();
  });
  afterAll(async () => t.app.close());

  it('stays a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(doc as never);
    expect(result.errors ?? []).toEqual([]);
  });

  it('documents every directory route with its error statuses and examples', () => {
    const expected: [string, string, string[]][] = [
      ['/api/v1/vocabularies', 'get', ['200', '401']],
      ['/api/v1/hospitals', 'get', ['200', '400']],
      ['/api/v1/hospitals', 'post', ['201', '409', '422']],
      ['/api/v1/hospitals/{id}', 'patch', ['200', '412', '422', '428']],
      ['/api/v1/hospitals/{id}/deactivate', 'post', ['200', '400', '412', '413', '415', '428']],
      ['/api/v1/clinicians', 'get', ['200', '400', '403']],
      ['/api/v1/clinicians', 'post', ['201', '409', '422']],
      ['/api/v1/clinicians/{id}', 'get', ['200', '400', '404']],
      ['/api/v1/clinicians/{id}', 'patch', ['200', '412', '428']],
      ['/api/v1/clinicians/{id}/deactivate', 'post', ['200', '400', '412', '413', '415', '428']],
      ['/api/v1/imports', 'post', ['201', '413', '415', '422']],
      ['/api/v1/imports/{id}', 'get', ['200', '404']],
      ['/api/v1/imports/{id}/rows', 'get', ['200']],
      ['/api/v1/imports/{id}/commit', 'post', ['200', '400', '409']],
      ['/api/v1/imports/template.csv', 'get', ['200']],
      ['/api/v1/imports/template.xlsx', 'get', ['200']],
      ['/api/v1/exports/directory.csv', 'get', ['200', '403']],
      ['/api/v1/exports/directory.xlsx', 'get', ['200', '403']],
    ];
    for (const [path, method, statuses] of expected) {
      const op = doc.paths[path]?.[method];
      expect(op, `${method.toUpperCase()} ${path}`).toBeDefined();
      for (const s of statuses) expect(op!.responses[s], `${method} ${path} ${s}`).toBeDefined();
    }
    const create = JSON.stringify(doc.paths['/api/v1/clinicians']!.post!.requestBody);
    expect(create).toContain('anna.kowalska@example.org');
    // The header names each column is read under are documented, all of them.
    const dryRun = JSON.stringify(doc.paths['/api/v1/imports']!.post);
    for (const [column, aliases] of Object.entries(HEADER_ALIASES)) {
      for (const alias of aliases) expect(dryRun, `${column}: ${alias}`).toContain(`\\"${alias}\\"`);
    }
    const upload = JSON.stringify(doc.paths['/api/v1/imports']!.post!.requestBody);
    expect(upload).toContain('multipart/form-data');
    expect(upload).toContain('text/csv');
  });

  it('documents the Location of what a POST creates and the ETag of directory records', () => {
    const headersOf = (path: string, method: string, status: string) =>
      Object.keys(
        (doc.paths[path]?.[method]?.responses[status] as { headers?: object } | undefined)?.headers ?? {},
      );
    for (const path of ['/api/v1/clinicians', '/api/v1/hospitals']) {
      expect(headersOf(path, 'post', '201')).toEqual(['location', 'etag']);
      expect(headersOf(`${path}/{id}`, 'get', '200')).toEqual(['etag']);
      expect(headersOf(`${path}/{id}`, 'patch', '200')).toEqual(['etag']);
      expect(headersOf(`${path}/{id}/deactivate`, 'post', '200')).toEqual(['etag']);
    }
    expect(headersOf('/api/v1/requests', 'post', '201')).toEqual(['location']);
    expect(headersOf('/api/v1/imports', 'post', '201')).toEqual(['location']);
    expect(headersOf('/api/v1/requests/{id}/booking', 'post', '201')).toEqual(['location']);
  });

  it('documents on every API operation the answers no route code gives: 429, and 413/415 for bodies', () => {
    type Response = { headers?: Record<string, unknown> };
    const operations = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/'))
      .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ at: `${method} ${path}`, op })));
    expect(operations.length).toBeGreaterThan(40);
    for (const { at, op } of operations) {
      const limited = op.responses['429'] as Response | undefined;
      expect(limited?.headers?.['retry-after'], at).toBeDefined();
      if (op.requestBody) {
        expect(op.responses['413'], at).toBeDefined();
        expect(op.responses['415'], at).toBeDefined();
      }
    }
  });

  it('names every operation with its own lowerCamelCase operationId', () => {
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({
        at: `${method.toUpperCase()} ${path}`,
        id: (op as { operationId?: unknown }).operationId,
      })),
    );
    expect(operations.length).toBeGreaterThan(40);
    const seen = new Map<unknown, string>();
    for (const { at, id } of operations) {
      expect(typeof id, `${at}: operationId`).toBe('string');
      expect(id, `${at}: operationId`).toMatch(/^[a-z][A-Za-z0-9]*$/);
      expect(seen.get(id), `${at}: operationId ${String(id)} is also that of`).toBeUndefined();
      seen.set(id, at);
    }
  });

  it('documents errors as JSON, also where the route answers a file, and a raw upload as the file', () => {
    type Operation = { responses: Record<string, { content?: Record<string, unknown> }> };
    const operations = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/'))
      .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ at: `${method} ${path}`, op })));
    for (const { at, op } of operations) {
      for (const [status, response] of Object.entries((op as unknown as Operation).responses)) {
        if (Number(status) >= 400)
          expect(Object.keys(response.content ?? {}), `${at} ${status}`).toEqual(['application/json']);
      }
    }
    const body = (
      doc.paths['/api/v1/imports']!.post!.requestBody as {
        content: Record<string, { schema: { type: string; format?: string; properties?: object } }>;
      }
    ).content;
    expect(body['multipart/form-data']!.schema.properties).toEqual({
      file: expect.objectContaining({ format: 'binary' }),
    });
    for (const type of ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']) {
      expect(body[type]!.schema, type).toMatchObject({ type: 'string', format: 'binary' });
    }
  });
});
