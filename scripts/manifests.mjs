#!/usr/bin/env node
/**
 * Renders the Outlook add-in manifest (manifest.xml at the repo root) and the Teams app manifest from
 * their templates for one public URL, and with `--teams-zip` packages the Teams app (manifest + icons).
 *
 *   node scripts/manifests.mjs                      # http://localhost:3000 (the checked-in manifest.xml)
 *   PUBLIC_URL=https://cmss.example.org ENTRA_CLIENT_ID=<guid> node scripts/manifests.mjs --teams-zip
 *   node scripts/manifests.mjs --out dist/manifests  # somewhere else than the repo root
 *
 * The API serves the same Outlook manifest for its own PUBLIC_URL at /api/v1/addin/manifest.xml.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateRawSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Fixed ids: a new id would make Outlook and Teams treat every build as another app. */
export const OFFICE_APP_ID = '3f7cdda6-3c2d-46cd-b6ee-5b7fb8db3950';
export const TEAMS_APP_ID = '8e43b768-374b-40b8-a716-d374c9b62f7e';
/** Used when no Entra ID app registration is configured (the embedded default). */
export const NO_CLIENT_ID = '00000000-0000-0000-0000-000000000000';

export function manifestValues(env = process.env) {
  const publicUrl = new URL(env.PUBLIC_URL || `http://localhost:${env.PORT || 3000}`)
    .toString()
    .replace(/\/$/, '');
  const version = JSON.parse(readFileSync(join(root, 'addin/package.json'), 'utf8')).version;
  return {
    PUBLIC_URL: publicUrl,
    PUBLIC_HOST: new URL(publicUrl).host,
    CLIENT_ID: env.ENTRA_CLIENT_ID || NO_CLIENT_ID,
    APP_ID: OFFICE_APP_ID,
    TEAMS_APP_ID,
    VERSION: version,
  };
}

const fill = (template, values) =>
  template.replace(/\{\{(\w+)\}\}/g, (_, key) => {
    if (!(key in values)) throw new Error(`unknown placeholder {{${key}}}`);
    return values[key];
  });

export function renderOfficeManifest(values) {
  // Office wants a four-part version number.
  const v = values.VERSION.split('.').concat('0', '0', '0', '0').slice(0, 4).join('.');
  return fill(readFileSync(join(root, 'addin/manifest/office.template.xml'), 'utf8'), {
    ...values,
    VERSION: v,
  });
}

export function renderTeamsManifest(values) {
  return JSON.parse(fill(readFileSync(join(root, 'addin/teams/manifest.template.json'), 'utf8'), values));
}

/** A minimal ZIP (deflate, no directories): what Teams expects for an app package. */
export function zip(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, content] of files) {
    const data = Buffer.from(content);
    const packed = deflateRawSync(data);
    const nameBytes = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(0, 10); // time/date: 1980-01-01, so the zip is reproducible
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, nameBytes, packed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(0, 12);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + packed.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

export function teamsPackage(values) {
  return zip([
    ['manifest.json', `${JSON.stringify(renderTeamsManifest(values), null, 2)}\n`],
    ['color.png', readFileSync(join(root, 'addin/public/teams-color.png'))],
    ['outline.png', readFileSync(join(root, 'addin/public/teams-outline.png'))],
  ]);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  const out = outIndex >= 0 ? resolve(args[outIndex + 1]) : root;
  const values = manifestValues();
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'manifest.xml'), renderOfficeManifest(values));
  console.log(`manifest.xml for ${values.PUBLIC_URL} → ${join(out, 'manifest.xml')}`);
  if (args.includes('--teams-zip')) {
    const dir = outIndex >= 0 ? out : join(root, 'addin/teams/dist');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'cmss-teams.zip'), teamsPackage(values));
    console.log(`Teams app package → ${join(dir, 'cmss-teams.zip')}`);
  }
}
