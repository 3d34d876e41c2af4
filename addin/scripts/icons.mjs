/**
 * Draws the add-in's PNG icons (Office: 16/32/64/80/128 px; Teams: 192 px colour, 32 px outline) into
 * addin/public/, so they are served by the API under /addin/. Run: node addin/scripts/icons.mjs
 * A video camera in white on the Fluent brand blue, anti-aliased by supersampling; no image library needed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const out = new URL('../public/', import.meta.url);
mkdirSync(out, { recursive: true });

const crcTable = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};
function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  const ss = 4;
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      let acc = [0, 0, 0, 0];
      for (let sy = 0; sy < ss; sy++)
        for (let sx = 0; sx < ss; sx++) {
          const [r, g, b, a] = pixel((x + (sx + 0.5) / ss) / size, (y + (sy + 0.5) / ss) / size);
          acc = [acc[0] + r * a, acc[1] + g * a, acc[2] + b * a, acc[3] + a];
        }
      const a = acc[3] / (ss * ss);
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = a ? Math.round(acc[0] / acc[3]) : 0;
      raw[o + 1] = a ? Math.round(acc[1] / acc[3]) : 0;
      raw[o + 2] = a ? Math.round(acc[2] / acc[3]) : 0;
      raw[o + 3] = Math.round(a * 255);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const inRoundRect = (x, y, x0, y0, x1, y1, r) => {
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
/** The camera: a rounded body and a lens wedge, in unit coordinates. */
const camera = (x, y) =>
  inRoundRect(x, y, 0.2, 0.33, 0.62, 0.67, 0.06) ||
  (x >= 0.6 && x <= 0.82 && Math.abs(y - 0.5) <= 0.06 + ((x - 0.6) / 0.22) * 0.12);

const BLUE = [15, 108, 189];
const colour = (x, y) => {
  if (!inRoundRect(x, y, 0, 0, 1, 1, 0.18)) return [0, 0, 0, 0];
  return camera(x, y) ? [255, 255, 255, 1] : [...BLUE, 1];
};
const outline = (x, y) => (camera(x, y) ? [255, 255, 255, 1] : [0, 0, 0, 0]);

for (const size of [16, 32, 64, 80, 128]) writeFileSync(new URL(`icon-${size}.png`, out), png(size, colour));
writeFileSync(new URL('teams-color.png', out), png(192, colour));
writeFileSync(new URL('teams-outline.png', out), png(32, outline));
console.log('icons written to', out.pathname);
