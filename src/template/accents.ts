/**
 * Chart series must be told apart. A theme's accents are chosen by a designer for harmony, and two
 * of them are often near twins (a university's two purples): series colours are then reordered so
 * that neighbours differ, and where the palette has too few distinct colours, shades are derived.
 */
import { differenceCiede2000, formatHex, oklch, parse } from './culori.js';
import type { ThemeColorRef } from '../deck/types.js';
import { applyLuminance, shadeRef } from './theme-refs.js';

/** Below this CIEDE2000 distance two series colours read as the same colour on a projector. */
export const MIN_SERIES_DELTA_E = 20;

const deltaE = differenceCiede2000();

export function colorDistance(a: string, b: string): number {
  return deltaE(parse(`#${a}`)!, parse(`#${b}`)!);
}

/**
 * The palette reordered greedily (each next colour the farthest from those already taken), with a
 * lighter or darker shade of an earlier colour standing in when no accent is far enough from the
 * first ones. `note` says what changed, for a warning.
 */
export function distinctSeries(palette: readonly string[], refs?: readonly (ThemeColorRef | null)[]): { colors: string[]; refs?: (ThemeColorRef | null)[]; note?: string } {
  const withRefs = (colors: string[], r: (ThemeColorRef | null)[]) => (refs ? { colors, refs: r } : { colors });
  if (palette.length < 2) return withRefs([...palette], palette.map((_, i) => refs?.[i] ?? null));
  const close: string[] = [];
  for (let i = 0; i < palette.length; i++) for (let j = i + 1; j < palette.length; j++) if (colorDistance(palette[i]!, palette[j]!) < MIN_SERIES_DELTA_E) close.push(`${palette[i]} and ${palette[j]}`);
  if (!close.length) return withRefs([...palette], palette.map((_, i) => refs?.[i] ?? null));
  const left = palette.map((hex, i) => ({ hex, ref: refs?.[i] ?? null }));
  const out = [left.shift()!];
  while (left.length) {
    let best = 0;
    let bestDistance = -1;
    left.forEach((c, i) => {
      const d = Math.min(...out.map((o) => colorDistance(c.hex, o.hex)));
      if (d > bestDistance) {
        bestDistance = d;
        best = i;
      }
    });
    const [next] = left.splice(best, 1);
    if (bestDistance >= MIN_SERIES_DELTA_E) out.push(next!);
    else out.push(shadeApart(out) ?? next!);
  }
  const colors = out.map((o) => o.hex);
  return {
    ...withRefs(colors, out.map((o) => o.ref)),
    note: `the theme's accent colours ${close.slice(0, 3).join(', ')}${close.length > 3 ? ' …' : ''} are hard to tell apart (ΔE < ${MIN_SERIES_DELTA_E}): chart series use them in the order ${colors.join(' ')}, with derived shades where needed`,
  };
}

/**
 * A lighter or darker shade of one of `taken` that is at least MIN_SERIES_DELTA_E from all of them.
 * A theme colour is shaded by a luminance transform of its slot, so the shade follows the theme.
 */
function shadeApart(taken: readonly { hex: string; ref: ThemeColorRef | null }[]): { hex: string; ref: ThemeColorRef | null } | undefined {
  const apart = (hex: string) => taken.every((t) => colorDistance(hex, t.hex) >= MIN_SERIES_DELTA_E);
  for (const base of taken) {
    if (base.ref && base.ref.lumMod === undefined && base.ref.lumOff === undefined) {
      for (const amount of [0.4, -0.25, 0.6, -0.5, 0.25, -0.15]) {
        const ref = shadeRef(base.ref, amount);
        const hex = applyLuminance(base.hex, ref);
        if (apart(hex)) return { hex, ref };
      }
      continue;
    }
    const c = oklch(parse(`#${base.hex}`)!)!;
    for (const dl of [0.25, -0.25, 0.35, -0.35, 0.15, -0.15]) {
      const l = Math.min(0.95, Math.max(0.15, (c.l ?? 0.5) + dl));
      const hex = formatHex({ ...c, l })!.slice(1).toUpperCase();
      if (apart(hex)) return { hex, ref: null };
    }
  }
  return undefined;
}
