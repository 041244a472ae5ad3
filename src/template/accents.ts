/**
 * Chart series must be told apart. A theme's accents are chosen by a designer for harmony, and two
 * of them are often near twins (a university's two purples): series colours are then reordered so
 * that neighbours differ, and where the palette has too few distinct colours, shades are derived.
 */
import { differenceCiede2000, formatHex, oklch, parse } from 'culori';

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
export function distinctSeries(palette: readonly string[]): { colors: string[]; note?: string } {
  if (palette.length < 2) return { colors: [...palette] };
  const close: string[] = [];
  for (let i = 0; i < palette.length; i++) for (let j = i + 1; j < palette.length; j++) if (colorDistance(palette[i]!, palette[j]!) < MIN_SERIES_DELTA_E) close.push(`${palette[i]} and ${palette[j]}`);
  if (!close.length) return { colors: [...palette] };
  const left = [...palette];
  const out = [left.shift()!];
  while (left.length) {
    let best = 0;
    let bestDistance = -1;
    left.forEach((c, i) => {
      const d = Math.min(...out.map((o) => colorDistance(c, o)));
      if (d > bestDistance) {
        bestDistance = d;
        best = i;
      }
    });
    const [next] = left.splice(best, 1);
    if (bestDistance >= MIN_SERIES_DELTA_E) out.push(next!);
    else {
      const shade = shadeApart(out);
      out.push(shade ?? next!);
    }
  }
  return { colors: out, note: `the theme's accent colours ${close.slice(0, 3).join(', ')}${close.length > 3 ? ' …' : ''} are hard to tell apart (ΔE < ${MIN_SERIES_DELTA_E}): chart series use them in the order ${out.join(' ')}, with derived shades where needed` };
}

/** A lighter or darker shade of one of `taken` that is at least MIN_SERIES_DELTA_E from all of them. */
function shadeApart(taken: readonly string[]): string | undefined {
  for (const base of taken) {
    const c = oklch(parse(`#${base}`)!)!;
    for (const dl of [0.25, -0.25, 0.35, -0.35, 0.15, -0.15]) {
      const l = Math.min(0.95, Math.max(0.15, (c.l ?? 0.5) + dl));
      const hex = formatHex({ ...c, l })!.slice(1).toUpperCase();
      if (taken.every((t) => colorDistance(hex, t) >= MIN_SERIES_DELTA_E)) return hex;
    }
  }
  return undefined;
}
