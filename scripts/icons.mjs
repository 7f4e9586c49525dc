// Draws the app icon and the tray images as PNGs into build/ (committed; rerun after a design
// change with `node scripts/icons.mjs`). Shapes are signed-distance functions sampled 4x4 per
// pixel, so edges are anti-aliased without an image library or a browser.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

const build = join(dirname(fileURLToPath(import.meta.url)), '..', 'build');

// --- shapes in unit coordinates (0..1), distance < 0 inside --------------------------------------
const circle = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) - r;
const roundedSquare = (inset, radius) => (x, y) => {
  const qx = Math.abs(x - 0.5) - (0.5 - inset - radius);
  const qy = Math.abs(y - 0.5) - (0.5 - inset - radius);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
};
const segment = (ax, ay, bx, by, halfWidth) => (x, y) => {
  const px = x - ax, py = y - ay, dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - dx * t, py - dy * t) - halfWidth;
};
const union = (...shapes) => (x, y) => Math.min(...shapes.map((s) => s(x, y)));

/** The mark: one request coming in on the left, branching to three models on the right. */
function routeGlyph(scale, stroke) {
  const p = (v) => 0.5 + (v - 0.5) * scale;
  const hub = [p(0.27), p(0.5)];
  const fork = [p(0.45), p(0.5)];
  const outs = [0.27, 0.5, 0.73].map((y) => [p(0.75), p(y)]);
  return union(
    circle(...hub, 0.075 * scale),
    segment(...hub, ...fork, stroke * scale),
    ...outs.flatMap(([x, y]) => [segment(...fork, x - 0.08 * scale, y, stroke * scale), segment(x - 0.08 * scale, y, x, y, stroke * scale), circle(x, y, 0.065 * scale)]),
  );
}

// --- raster ----------------------------------------------------------------------------------------
function render(size, layers) {
  const px = new Float64Array(size * size * 4);
  const n = 4;
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      const o = (j * size + i) * 4;
      for (const { shape, color } of layers) {
        let hits = 0;
        for (let sy = 0; sy < n; sy++) for (let sx = 0; sx < n; sx++) if (shape((i + (sx + 0.5) / n) / size, (j + (sy + 0.5) / n) / size) < 0) hits++;
        if (!hits) continue;
        const [r, g, b, a] = typeof color === 'function' ? color((i + 0.5) / size, (j + 0.5) / size) : color;
        const alpha = (a * hits) / (n * n);
        // Porter-Duff "over" on premultiplied values.
        px[o] = r * alpha + px[o] * (1 - alpha);
        px[o + 1] = g * alpha + px[o + 1] * (1 - alpha);
        px[o + 2] = b * alpha + px[o + 2] * (1 - alpha);
        px[o + 3] = alpha + px[o + 3] * (1 - alpha);
      }
    }
  }
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let j = 0; j < size; j++) {
    rows[j * (size * 4 + 1)] = 0;
    for (let i = 0; i < size; i++) {
      const o = (j * size + i) * 4;
      const a = px[o + 3];
      const at = j * (size * 4 + 1) + 1 + i * 4;
      for (let c = 0; c < 3; c++) rows[at + c] = a ? Math.round((px[o + c] / a) * 255) : 0;
      rows[at + 3] = Math.round(a * 255);
    }
  }
  return png(size, rows);
}

function png(size, rows) {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

const hex = (h, a = 1) => [parseInt(h.slice(1, 3), 16) / 255, parseInt(h.slice(3, 5), 16) / 255, parseInt(h.slice(5, 7), 16) / 255, a];
const mix = (a, b, t) => a.map((v, k) => v + (b[k] - v) * t);
const indigo = hex('#4f46e5');
const violet = hex('#7c3aed');
const white = hex('#ffffff');

function write(path, data) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
  process.stdout.write(`${path}\n`);
}

const appIcon = (size) =>
  render(size, [
    { shape: roundedSquare(0.06, 0.2), color: (_x, y) => mix(indigo, violet, y) },
    { shape: routeGlyph(1, 0.028), color: white },
  ]);
for (const size of [512, 256]) write(join(build, 'icons', `${size}x${size}.png`), appIcon(size));

// Tray: a filled disc so the mark reads on light and dark panels alike; green when the proxy is on.
const tray = (size, on) =>
  render(size, [
    { shape: circle(0.5, 0.5, 0.47), color: on ? hex('#16a34a') : hex('#6b7280') },
    { shape: routeGlyph(0.78, 0.045), color: on ? white : hex('#ffffff', 0.85) },
  ]);
for (const state of ['on', 'off']) {
  write(join(build, 'tray', `tray-${state}.png`), tray(16, state === 'on'));
  write(join(build, 'tray', `tray-${state}@2x.png`), tray(32, state === 'on'));
}
