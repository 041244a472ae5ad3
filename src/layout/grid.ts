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
    boxes.push({ x: round(area.x + c * (w + gap)), y: round(area.y + r * (h + gap)), w: round(w), h: round(h) });
  }
  return boxes;
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}

/** The largest box of the given aspect ratio inside `area`, centred in it. */
export function containBox(area: Box, width: number, height: number): Box {
  const scale = Math.min(area.w / width, area.h / height);
  const w = Math.floor(width * scale * 1000) / 1000;
  const h = Math.floor(height * scale * 1000) / 1000;
  return { x: round(area.x + (area.w - w) / 2), y: round(area.y + (area.h - h) / 2), w, h };
}
