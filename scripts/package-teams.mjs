#!/usr/bin/env node
/**
 * Packages the Teams personal-tab app: addin/teams/dist/cmss-teams.zip (manifest.json, color.png,
 * outline.png) for PUBLIC_URL (must be https for Teams) and ENTRA_CLIENT_ID. Upload it in Teams:
 * Apps → Manage your apps → Upload an app.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { manifestValues, teamsPackage } from './manifests.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const values = manifestValues();
if (!values.PUBLIC_URL.startsWith('https://')) {
  console.warn(`warning: PUBLIC_URL ${values.PUBLIC_URL} is not https; Teams only loads tabs over HTTPS`);
}
const out = process.argv[2] ? resolve(process.argv[2]) : join(root, 'addin/teams/dist/cmss-teams.zip');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, teamsPackage(values));
console.log(`Teams app package for ${values.PUBLIC_URL} → ${out}`);
