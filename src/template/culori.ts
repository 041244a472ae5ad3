/**
 * culori with only the colour spaces brief uses registered. Its main entry registers all thirty at
 * start-up, which every build paid for (a couple of milliseconds) though most builds measure no
 * colour at all: the template check that does is kept between builds (check-cache.ts).
 * test/culori-modes.test.ts holds every function here to the main entry's answer.
 */
import { type Color, type Oklch, differenceCiede2000, formatHex, interpolate, modeLab65, modeLrgb, modeOklch, modeRgb, parse, useMode, wcagContrast } from 'culori/fn';

// hex in and out, interpolation in RGB; linear RGB for WCAG luminance; Lab D65 for CIEDE2000; OKLCH for shades
useMode(modeRgb);
useMode(modeLrgb);
useMode(modeLab65);
const toOklch = useMode(modeOklch);
export const oklch = (color: Color): Oklch => toOklch(color);

export { differenceCiede2000, formatHex, interpolate, parse, wcagContrast };
