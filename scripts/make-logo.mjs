// Draws templates/default/logo.png: an amber disc with three white "text lines", the brief mark.
// Kept as a script so the asset can be regenerated; the PNG is committed.
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';

const size = 240, ss = 4;
const inside = (x, y) => {
  const cx = size / 2, cy = size / 2, r = size / 2 - 2;
  const disc = (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  const bar = (y0, x0, x1) => y >= y0 && y < y0 + 22 && x >= x0 && x < x1;
  const white = bar(68, 62, 178) || bar(109, 62, 178) || bar(150, 62, 140);
  return disc ? (white ? 'w' : 'a') : null;
};
const rows = [];
for (let y = 0; y < size; y++) {
  const row = Buffer.alloc(1 + size * 4);
  for (let x = 0; x < size; x++) {
    let a = 0, w = 0;
    for (let i = 0; i < ss; i++) for (let j = 0; j < ss; j++) {
      const k = inside(x + (i + 0.5) / ss, y + (j + 0.5) / ss);
      if (k === 'a') a++; else if (k === 'w') w++;
    }
    const n = ss * ss, cov = (a + w) / n, wf = a + w ? w / (a + w) : 0;
    const mix = (c1, c2) => Math.round(c1 * (1 - wf) + c2 * wf);
    row.set([mix(0xe0, 255), mix(0x7a, 255), mix(0x2f, 255), Math.round(cov * 255)], 1 + x * 4);
  }
  rows.push(row);
}
const crc = (buf) => { let c = ~0; for (const b of buf) { c ^= b; for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1)); } return ~c >>> 0; };
const chunk = (type, data) => { const len = Buffer.alloc(4); len.writeUInt32BE(data.length); const td = Buffer.concat([Buffer.from(type), data]); const c = Buffer.alloc(4); c.writeUInt32BE(crc(td)); return Buffer.concat([len, td, c]); };
const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4); ihdr[8] = 8; ihdr[9] = 6;
const png = Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
writeFileSync(new URL('../templates/default/logo.png', import.meta.url), png);
