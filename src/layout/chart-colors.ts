/**
 * Colour helpers for charts. Colours in the Deck model are 6-digit upper-case hex without '#'.
 */
import type { ChartSeries, ChartSpec, ThemeColorRef } from '../deck/types.js';
import { applyLuminance, shadeRef } from '../template/theme-refs.js';

/**
 * Area fills are drawn at this opacity (0–1) in the deck and in the preview, so overlapping areas
 * stay visible whichever one a viewer draws in front.
 */
export const AREA_OPACITY = 0.75;

const HEX6 = /^#?([0-9a-fA-F]{6})$/;
const HEX3 = /^#?([0-9a-fA-F]{3})$/;

/** `#1f4e79`, `1F4E79`, `#abc` → `1F4E79` / `AABBCC`; undefined when the text is not a hex colour. */
export function normalizeHex(text: string): string | undefined {
  const t = text.trim();
  const six = HEX6.exec(t);
  if (six) return six[1]!.toUpperCase();
  const three = HEX3.exec(t);
  if (three) {
    return three[1]!
      .split('')
      .map((c) => c + c)
      .join('')
      .toUpperCase();
  }
  return undefined;
}

/** Mixes a colour towards white (amount > 0) or black (amount < 0); amount in −1…1. */
export function shade(hex: string, amount: number): string {
  const n = parseInt(hex, 16);
  const channels = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  const target = amount >= 0 ? 255 : 0;
  const a = Math.min(1, Math.abs(amount));
  return channels
    .map((c) => Math.round(c + (target - c) * a))
    .map((c) => c.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();
}

/**
 * The colour of the i-th series: the palette in order, then again darker, then lighter, and so on,
 * so a chart with more series than palette entries still gets distinct, defined colours.
 * An empty palette falls back to `fallback` (the theme's text colour).
 */
export function paletteColor(palette: readonly string[], index: number, fallback: string): string {
  const colors = palette.map((c) => normalizeHex(c)).filter((c): c is string => c !== undefined);
  if (colors.length === 0) colors.push(normalizeHex(fallback) ?? '000000');
  const base = colors[index % colors.length]!;
  const round = Math.floor(index / colors.length);
  if (round === 0) return base;
  // round 1: 30% darker, round 2: 30% lighter, round 3: 50% darker, round 4: 50% lighter…
  const step = Math.ceil(round / 2);
  const amount = Math.min(0.8, 0.1 + 0.2 * step);
  return shade(base, round % 2 === 1 ? -amount : amount);
}

/** Shade amount of the i-th round through the palette: 0, then 30% darker, 30% lighter, 50% darker… */
function roundAmount(round: number): number {
  if (round === 0) return 0;
  const step = Math.ceil(round / 2);
  const amount = Math.min(0.8, 0.1 + 0.2 * step);
  return round % 2 === 1 ? -amount : amount;
}

/**
 * paletteColor with the theme reference of the colour, where the palette's entry is a theme colour
 * (`refs`, parallel to the palette): later rounds are the slot with a luminance transform, and the
 * hex is what that transform gives, so deck and reference agree.
 */
export function themedPaletteColor(palette: readonly string[], refs: readonly (ThemeColorRef | null)[] | undefined, index: number, fallback: string): { color: string; ref?: ThemeColorRef } {
  const ref = palette.length ? refs?.[index % palette.length] : undefined;
  const base = palette.length ? normalizeHex(palette[index % palette.length]!) : undefined;
  if (!ref || !base) return { color: paletteColor(palette, index, fallback) };
  const amount = roundAmount(Math.floor(index / palette.length));
  if (amount === 0) return { color: base, ref };
  return { color: applyLuminance(base, shadeRef({ slot: ref.slot }, amount)), ref: shadeRef(ref, amount) };
}

/** A lighter (amount > 0) or darker shade of a colour, as a luminance transform when it is a theme colour. */
export function themedShade(color: string, ref: ThemeColorRef | undefined, amount: number): { color: string; ref?: ThemeColorRef } {
  if (!ref) return { color: shade(color, amount) };
  return { color: applyLuminance(color, shadeRef({ slot: ref.slot }, amount)), ref: shadeRef(ref, amount) };
}

/** WCAG relative luminance of a hex colour. */
export function luminance(hex: string): number {
  const n = parseInt(normalizeHex(hex) ?? '000000', 16);
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin((n >> 16) & 255) + 0.7152 * lin((n >> 8) & 255) + 0.0722 * lin(n & 255);
}

function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
}

/**
 * The colour for data labels drawn inside bars or slices: the text colour or white, whichever
 * reads better on the worst of the fills. Both renderers use it, so preview and deck agree.
 */
export function insideLabelColor(fills: readonly string[], text: string): string {
  const t = normalizeHex(text) ?? '000000';
  if (fills.length === 0) return t;
  const worst = (c: string) => Math.min(...fills.map((f) => contrast(c, f)));
  return worst('FFFFFF') > worst(t) ? 'FFFFFF' : t;
}

/** Whether data labels are drawn in the text colour (not white inside dark fills): then they follow its theme colour. */
export function dataLabelsInTextColor(spec: Pick<ChartSpec, 'type' | 'series' | 'textColor'>): boolean {
  return dataLabelColor(spec) === (normalizeHex(spec.textColor) ?? spec.textColor);
}

/** Every colour a visible series is painted with (a waterfall's base series is hidden). */
export function seriesFills(series: readonly ChartSeries[]): string[] {
  return series.filter((s) => !s.hidden && !s.markersOnly).flatMap((s) => (s.pointColors && s.pointColors.length > 0 ? s.pointColors : [s.color]));
}

/** Stacked bars, waterfalls, areas and doughnut rings put their data labels inside the fills; the rest outside. */
export function labelsInside(spec: Pick<ChartSpec, 'type'>): boolean {
  return spec.type === 'stacked-column' || spec.type === 'stacked-bar' || spec.type === 'waterfall' || spec.type === 'area' || spec.type === 'doughnut';
}

/** The data labels' colour, for both renderers: inside fills by contrast, else the text colour. */
export function dataLabelColor(spec: Pick<ChartSpec, 'type' | 'series' | 'textColor'>): string {
  return labelsInside(spec) ? insideLabelColor(seriesFills(spec.series), spec.textColor) : (normalizeHex(spec.textColor) ?? spec.textColor);
}
