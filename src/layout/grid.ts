import type { Box } from '../deck/types.js';

/** Boxes for n tiles in a region: one row up to 4, two rows beyond (2×2 for four when the region is tall). */
export function tileBoxes(area: Box, n: number, gap: number, twoByTwoForFour = false): Box[] {
  if (n <= 0) return [];
  const rows = n > 4 || (n === 4 && twoByTwoForFour) ? 2 : 1;
  const perRow = Math.ceil(n / rows);
  const h = (area.h - gap * (rows - 1)) / rows;
  const w = (area.w - gap * (perRow - 1)) / perRow;
  const boxes: Box[] = [];
  for (let i = 0; i < n; i++) {
    const r = Math.floor(i / perRow);
    const c = i % perRow;
    boxes.push({ x: round3(area.x + c * (w + gap)), y: round3(area.y + r * (h + gap)), w: round3(w), h: round3(h) });
  }
  return boxes;
}

/** Boxes are kept to thousandths of an inch: rounded for positions, down for sizes that must fit, up for room that must hold. */
export function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
export function floor3(v: number): number {
  return Math.floor(v * 1000 + 1e-6) / 1000;
}
export function ceil3(v: number): number {
  return Math.ceil(v * 1000 - 1e-6) / 1000;
}

/** The largest box of the given aspect ratio inside `area`, centred in it. */
export function containBox(area: Box, width: number, height: number): Box {
  const scale = Math.min(area.w / width, area.h / height);
  const w = floor3(width * scale);
  const h = floor3(height * scale);
  return { x: round3(area.x + (area.w - w) / 2), y: round3(area.y + (area.h - h) / 2), w, h };
}
