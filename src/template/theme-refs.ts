/**
 * Theme colour references: a template made from a PowerPoint file knows which theme slot each of
 * its colours comes from (text dk1, primary dk2, accents accent1…6), and a derived shade is that
 * slot with a luminance transform, as PowerPoint's own palette writes "Accent 1, darker 25%".
 * The reference is decided where the colour is chosen (load-base.ts, accents.ts) and carried
 * through the Deck to the XML; the hex beside it is what it resolves to, computed here the way
 * PowerPoint and LibreOffice apply `lumMod`/`lumOff` (on HSL lightness of the sRGB colour).
 */
import type { ThemeColorRef, ThemeColorSlot } from '../deck/types.js';

/** Per template colour name (`text`, `primary`, `chart`…): its theme reference; lists per entry (null: not a theme colour). */
export type TemplateColorRefs = Record<string, ThemeColorRef | (ThemeColorRef | null)[]>;

const PER_CENT = 100000;

/** The slot's hex with the reference's luminance transform applied. */
export function applyLuminance(hex: string, ref: Pick<ThemeColorRef, 'lumMod' | 'lumOff'>): string {
  if (ref.lumMod === undefined && ref.lumOff === undefined) return hex.toUpperCase();
  const [h, s, l] = toHsl(hex);
  const lum = Math.min(1, Math.max(0, (l * (ref.lumMod ?? PER_CENT)) / PER_CENT + (ref.lumOff ?? 0) / PER_CENT));
  return fromHsl(h, s, lum);
}

export function resolveRef(theme: Partial<Record<ThemeColorSlot, string>>, ref: ThemeColorRef): string | undefined {
  const base = theme[ref.slot];
  return base ? applyLuminance(base, ref) : undefined;
}

/**
 * A lighter (amount > 0) or darker (amount < 0) shade of a referenced colour, amount in −1…1:
 * darker scales the lightness (lumMod), lighter moves it that far toward white (lumMod + lumOff).
 * Applied on top of the reference's own transform, as one pair.
 */
export function shadeRef(ref: ThemeColorRef, amount: number): ThemeColorRef {
  const a = Math.min(1, Math.abs(amount));
  const mod = 1 - a;
  const off = amount >= 0 ? a : 0;
  const m1 = (ref.lumMod ?? PER_CENT) / PER_CENT;
  const o1 = (ref.lumOff ?? 0) / PER_CENT;
  const lumMod = Math.round(m1 * mod * PER_CENT);
  const lumOff = Math.round((o1 * mod + off) * PER_CENT);
  return { slot: ref.slot, ...(lumMod !== PER_CENT ? { lumMod } : {}), ...(lumOff !== 0 ? { lumOff } : {}) };
}

/** `<a:schemeClr>` for a reference; children in CT_SchemeColor's order (lumMod before lumOff). */
export function schemeColorXml(ref: ThemeColorRef): string {
  const mods = `${ref.lumMod !== undefined ? `<a:lumMod val="${ref.lumMod}"/>` : ''}${ref.lumOff !== undefined ? `<a:lumOff val="${ref.lumOff}"/>` : ''}`;
  return mods ? `<a:schemeClr val="${ref.slot}">${mods}</a:schemeClr>` : `<a:schemeClr val="${ref.slot}"/>`;
}

function toHsl(hex: string): [number, number, number] {
  const n = parseInt(hex, 16);
  const r = ((n >> 16) & 255) / 255;
  const g = ((n >> 8) & 255) / 255;
  const b = (n & 255) / 255;
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const l = (max + min) / 2;
  if (max === min) return [0, 0, l];
  const d = max - min;
  const s = l > 0.5 ? d / (2 - max - min) : d / (max + min);
  const h = max === r ? (g - b) / d + (g < b ? 6 : 0) : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return [h / 6, s, l];
}

function fromHsl(h: number, s: number, l: number): string {
  const channel = (t: number): number => {
    const q = l < 0.5 ? l * (1 + s) : l + s - l * s;
    const p = 2 * l - q;
    let x = t;
    if (x < 0) x += 1;
    if (x > 1) x -= 1;
    if (x < 1 / 6) return p + (q - p) * 6 * x;
    if (x < 1 / 2) return q;
    if (x < 2 / 3) return p + (q - p) * (2 / 3 - x) * 6;
    return p;
  };
  const rgb = s === 0 ? [l, l, l] : [channel(h + 1 / 3), channel(h), channel(h - 1 / 3)];
  return rgb
    .map((v) => Math.round(v * 255).toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();
}
