import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
// @ts-expect-error plain ESM script without type declarations
import * as manifests from '../../scripts/manifests.mjs';
import { buildTestApp } from '../helpers/app.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const XSD_DIR = join(root, '../shared/specs/office-addin-manifest');
const require = createRequire(import.meta.url);

type Values = Record<string, string>;
const m = manifests as {
  manifestValues(env: Record<string, string | undefined>): Values;
  renderOfficeManifest(v: Values): string;
  renderTeamsManifest(v: Values): Record<string, unknown> & { staticTabs: { contentUrl?: string }[] };
  teamsPackage(v: Values): Buffer;
};

async function validateOffice(xml: string) {
  const files = readdirSync(XSD_DIR).filter((f) => f.endsWith('.xsd'));
  return validateXML({
    xml: { fileName: 'manifest.xml', contents: xml },
    schema: {
      fileName: 'OfficeAppManifestV1_1.xsd',
      contents: readFileSync(join(XSD_DIR, 'OfficeAppManifestV1_1.xsd')),
    },
    preload: files
      .filter((f) => f !== 'OfficeAppManifestV1_1.xsd')
      .map((f) => ({ fileName: f, contents: readFileSync(join(XSD_DIR, f)) })),
  });
}

/** The Teams schema that @microsoft/app-manifest bundles, validated the way its validateAgainstSchema does (draft-04). */
function teamsValidator(version: string) {
  const pkg = dirname(require.resolve('@microsoft/app-manifest/package.json'));
  const schema = JSON.parse(
    readFileSync(join(pkg, `build/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`), 'utf8'),
  );
  // The same validator and options as its AppManifestUtils.validateAgainstSchema (whose module entry
  // cannot be imported: it requires fs-extra, which the package does not declare).
  const AjvDraft04 = require('ajv-draft-04') as typeof import('ajv-draft-04').default;
  const addFormats = require('ajv-formats') as typeof import('ajv-formats').default;
  const ajv = new AjvDraft04({ allErrors: true, strictTypes: false });
  addFormats(ajv, ['uri', 'email', 'regex']);
  return ajv.compile(schema);
}

/** Reads the entries of a ZIP written by scripts/manifests.mjs (deflate, no data descriptors). */
function unzip(buf: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  let offset = 0;
  while (buf.readUInt32LE(offset) === 0x04034b50) {
    const size = buf.readUInt32LE(offset + 18);
    const nameLength = buf.readUInt16LE(offset + 26);
    const extra = buf.readUInt16LE(offset + 28);
    const name = buf.subarray(offset + 30, offset + 30 + nameLength).toString();
    const start = offset + 30 + nameLength + extra;
    out.set(name, inflateRawSync(buf.subarray(start, start + size)));
    offset = start + size;
  }
  return out;
}

describe('Outlook add-in manifest', () => {
  const xsdPresent = existsSync(XSD_DIR);
  if (!xsdPresent) console.log(`skipping XSD validation: ${XSD_DIR} is absent`);

  it.skipIf(!xsdPresent)('the checked-in manifest.xml validates against the Office XSDs', async () => {
    const result = await validateOffice(readFileSync(join(root, 'manifest.xml'), 'utf8'));
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it.skipIf(!xsdPresent)('a broken manifest is rejected (the validation can fail)', async () => {
    const xml = readFileSync(join(root, 'manifest.xml'), 'utf8').replace(
      '<Permissions>ReadWriteItem</Permissions>',
      '<Permissions>Everything</Permissions>',
    );
    expect((await validateOffice(xml)).valid).toBe(false);
  });

  it('is a MailApp for Mailbox ≥ 1.3 with ReadWriteItem, both command surfaces, SSO and served URLs', () => {
    const values = m.manifestValues({
      PUBLIC_URL: 'https://cmss.example.org/',
      ENTRA_CLIENT_ID: 'c0ffee00-1111-2222-3333-444455556666',
    });
    const xml = m.renderOfficeManifest(values);
    expect(xml).toContain('xsi:type="MailApp"');
    expect(xml).toMatch(/<Set Name="Mailbox" MinVersion="1.3"\/>/);
    expect(xml).toContain('<Permissions>ReadWriteItem</Permissions>');
    expect(xml).toContain('xsi:type="MessageReadCommandSurface"');
    expect(xml).toContain('xsi:type="AppointmentOrganizerCommandSurface"');
    expect(xml).toContain('<SourceLocation DefaultValue="https://cmss.example.org/addin/?host=outlook"/>');
    expect(xml).toContain('<IconUrl DefaultValue="https://cmss.example.org/addin/icon-64.png"/>');
    expect(xml).toMatch(
      /<WebApplicationInfo>\s*<Id>c0ffee00-1111-2222-3333-444455556666<\/Id>\s*<Resource>api:\/\/cmss.example.org\/c0ffee00-1111-2222-3333-444455556666<\/Resource>/,
    );
    expect(xml).not.toContain('{{');
    // Every icon the manifest names is a file the API serves under /addin/.
    for (const [, file] of xml.matchAll(/\/addin\/([\w-]+\.png)/g)) {
      expect(existsSync(join(root, 'addin/public', file!))).toBe(true);
    }
  });

  it('is served by the API for its own PUBLIC_URL', async () => {
    const { app } = await buildTestApp({ publicUrl: 'https://helpdesk.example.eu' });
    try {
      const res = await app.inject({ url: '/api/v1/addin/manifest.xml' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/xml/);
      expect(res.body).toContain(
        '<SourceLocation DefaultValue="https://helpdesk.example.eu/addin/?host=outlook"/>',
      );
      if (xsdPresent) expect((await validateOffice(res.body)).valid).toBe(true);
    } finally {
      await app.close();
    }
  });
});

describe('Teams app', () => {
  const validate = teamsValidator('1.19');
  const values = m.manifestValues({
    PUBLIC_URL: 'https://cmss.example.org',
    ENTRA_CLIENT_ID: 'c0ffee00-1111-2222-3333-444455556666',
  });

  it('manifest validates against the schema bundled in @microsoft/app-manifest', () => {
    const manifest = m.renderTeamsManifest(values);
    expect(validate(manifest), JSON.stringify(validate.errors)).toBe(true);
    expect(manifest.staticTabs[0]?.contentUrl).toBe('https://cmss.example.org/addin/?host=teams');
  });

  it('the validator rejects a broken manifest', () => {
    const manifest = { ...m.renderTeamsManifest(values), accentColor: 'blue', id: 'not-a-guid' };
    expect(validate(manifest)).toBe(false);
  });

  it('packages manifest.json with both icons into a zip Teams can read', () => {
    const files = unzip(m.teamsPackage(values));
    expect([...files.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(validate(JSON.parse(files.get('manifest.json')!.toString()))).toBe(true);
    const png = files.get('color.png')!;
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(192); // width
    expect(files.get('outline.png')!.readUInt32BE(16)).toBe(32);
  });
});
