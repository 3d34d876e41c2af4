/**
 * `npm run bench [name]` — runs every test/bench/*.bench.ts (or those whose file name contains
 * `name`) one after another, so their figures are measured on the same machine in one run.
 * Each bench module's default export prints its own numbers and ratios.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const filter = process.argv[2];
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter)))
  .sort();

if (files.length === 0) {
  console.error(`No benchmark matches "${filter ?? ''}"`);
  process.exit(1);
}

for (const file of files) {
  console.log(`\n=== ${file.replace('.bench.ts', '')} ===`);
  const mod = (await import(new URL(file, import.meta.url).href)) as { default: () => Promise<void> };
  await mod.default();
}
