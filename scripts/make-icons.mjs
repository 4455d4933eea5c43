// Writes the toolbar icons (a violet rounded square with a white lens) as PNGs, with no image library.
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';

function crc32(buf) {
  let c,
    crc = 0xffffffff;
  for (let n = 0; n < buf.length; n++) {
    c = (crc ^ buf[n]) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  const r = size * 0.2,
    cx = size * 0.45,
    cy = size * 0.45,
    lens = size * 0.22,
    ring = size * 0.07;
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const o = y * (size * 4 + 1) + 1 + x * 4;
      const dx = Math.max(r - x, 0, x - (size - 1 - r)),
        dy = Math.max(r - y, 0, y - (size - 1 - r));
      const inside = dx * dx + dy * dy <= r * r;
      const d = Math.hypot(x - cx, y - cy);
      const onRing = Math.abs(d - lens) <= ring;
      const onHandle = x > cx && y > cy && Math.abs(x - cx - (y - cy)) <= ring * 1.1 && d > lens && d < lens * 2.2;
      const white = onRing || onHandle;
      raw[o] = white ? 255 : 0x7a;
      raw[o + 1] = white ? 255 : 0x2b;
      raw[o + 2] = white ? 255 : 0xd6;
      raw[o + 3] = inside ? 255 : 0;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
mkdirSync('public/icon', { recursive: true });
for (const s of [16, 32, 48, 96, 128]) writeFileSync(`public/icon/${s}.png`, png(s));
