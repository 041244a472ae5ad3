/**
 * Excel-style number format codes, so that a number in a sentence, an HTML chart label and
 * PowerPoint's rendering of the same code read the same.
 *
 * Supported: up to four `;` sections (positive;negative;zero;text — the text section is ignored),
 * digit placeholders `0 # ?`, one decimal point, `,` as thousands separator between integer
 * placeholders and as a ÷1000 scale right after the last placeholder, `%` (×100 each), scientific
 * `E+00`/`E-00`, literal text in double quotes, `\x` escapes, `_x` (a space), `*x` (ignored),
 * `[$€-407]` currency tags (the symbol), other `[...]` tags (colours, conditions: ignored), and
 * `General`. Any other character is printed as it is, as Excel does for `$ - + ( ) : / space`.
 *
 * Rounding follows Excel: the value is first seen at 15 significant digits, then rounded half
 * away from zero. With a single section a negative value gets a leading `-`; with two or more
 * sections the negative section prints the absolute value and supplies its own sign, if any.
 */

type Token =
  | { t: 'digit'; ch: '0' | '#' | '?' }
  | { t: 'point' }
  | { t: 'comma' }
  | { t: 'percent' }
  | { t: 'exp'; sign: '+' | '-' }
  | { t: 'lit'; s: string }
  | { t: 'general' };

interface Section {
  tokens: Token[];
  /** Integer placeholders are grouped in thousands. */
  grouping: boolean;
  /** Number of ÷1000 scaling commas. */
  scale: number;
  percents: number;
  general: boolean;
  hasDigits: boolean;
}

const cache = new Map<string, Section[]>();

/** Formats `value` with an Excel number format code. Non-finite values give an empty string. */
export function formatNumber(value: number, format: string): string {
  if (!Number.isFinite(value)) return '';
  const sections = compile(format);
  let section: Section;
  let negativeSign = false;
  let v = value;
  if (sections.length === 1) {
    section = sections[0]!;
    if (value < 0) negativeSign = true;
    v = Math.abs(value);
  } else if (value > 0 || (value === 0 && sections.length === 2)) {
    section = sections[0]!;
  } else if (value < 0) {
    section = sections[1]!;
    v = Math.abs(value);
  } else {
    section = sections[2]!;
    v = 0;
  }
  const body = renderSection(v, section);
  return negativeSign ? `-${body}` : body;
}

/**
 * A message describing what is wrong with a format code, or undefined when it is usable.
 * formatNumber itself never fails: it prints what it does not understand literally.
 */
export function checkNumberFormat(format: string): string | undefined {
  let inQuote = false;
  let inBracket = false;
  let sections = 1;
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (inQuote) {
      if (c === '"') inQuote = false;
      continue;
    }
    if (inBracket) {
      if (c === ']') inBracket = false;
      continue;
    }
    if (c === '\\' || c === '_' || c === '*') {
      i++;
      continue;
    }
    if (c === '"') inQuote = true;
    else if (c === '[') inBracket = true;
    else if (c === ';') sections++;
  }
  if (inQuote) return `the quoted text in number format '${format}' is not closed with "`;
  if (inBracket) return `the [ in number format '${format}' is not closed with ]`;
  if (sections > 4) return `number format '${format}' has ${sections} sections separated by ";"; at most 4 are allowed`;
  return undefined;
}

/** True when the code shows a percentage (an unquoted `%` in its first section). */
const TRUE_MINUS = '"\u2212"';

/**
 * The format with the true minus (U+2212) for negative values, as prose and tables print them: a
 * one-section code gets an explicit negative section (`#,##0.0` → `#,##0.0;"−"#,##0.0`); in a
 * code with its own negative section, a bare `-` or `−` there becomes the quoted true minus (a
 * bare `−` is not a character Excel prints without quotes). Negative sections without a sign
 * (parentheses) stay as written. PowerPoint, LibreOffice and formatNumber all read the result.
 */
export function withTrueMinus(format: string): string {
  const sections = splitSections(format);
  if (sections.length === 1) return sections[0]!.trim() === '' ? format : `${format};${TRUE_MINUS}${format}`;
  const negative = sections[1]!;
  let out = '';
  let quote = false;
  let bracket = false;
  for (let i = 0; i < negative.length; i++) {
    const c = negative[i]!;
    if (quote) quote = c !== '"';
    else if (bracket) bracket = c !== ']';
    else if (c === '"') quote = true;
    else if (c === '[') bracket = true;
    else if (c === '\\' && (negative[i + 1] === '-' || negative[i + 1] === '\u2212')) {
      out += TRUE_MINUS;
      i++;
      continue;
    } else if (c === '\\' || c === '_' || c === '*') {
      out += c + (negative[i + 1] ?? '');
      i++;
      continue;
    } else if (c === '-' || c === '\u2212') {
      out += TRUE_MINUS;
      continue;
    }
    out += c;
  }
  sections[1] = out;
  return sections.join(';');
}

export function isPercentFormat(format: string): boolean {
  return compile(format)[0]!.percents > 0;
}

function compile(format: string): Section[] {
  if (format.trim() === '') format = 'General';
  const hit = cache.get(format);
  if (hit) return hit;
  const raw = splitSections(format);
  const sections = raw.slice(0, 3).map(parseSection);
  if (cache.size > 500) cache.clear();
  cache.set(format, sections);
  return sections;
}

function splitSections(format: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inQuote = false;
  let inBracket = false;
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (inQuote) {
      cur += c;
      if (c === '"') inQuote = false;
    } else if (inBracket) {
      cur += c;
      if (c === ']') inBracket = false;
    } else if (c === '\\' || c === '_' || c === '*') {
      cur += c + (format[i + 1] ?? '');
      i++;
    } else if (c === ';') {
      out.push(cur);
      cur = '';
    } else {
      if (c === '"') inQuote = true;
      if (c === '[') inBracket = true;
      cur += c;
    }
  }
  out.push(cur);
  return out;
}

function parseSection(src: string): Section {
  const tokens: Token[] = [];
  const lit = (s: string): void => {
    const last = tokens[tokens.length - 1];
    if (last && last.t === 'lit') last.s += s;
    else tokens.push({ t: 'lit', s });
  };
  let seenPoint = false;
  let seenExp = false;
  let general = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '"') {
      const end = src.indexOf('"', i + 1);
      const stop = end === -1 ? src.length : end;
      lit(src.slice(i + 1, stop));
      i = stop;
    } else if (c === '\\') {
      lit(src[i + 1] ?? '');
      i++;
    } else if (c === '_') {
      lit(' ');
      i++;
    } else if (c === '*') {
      i++;
    } else if (c === '[') {
      const end = src.indexOf(']', i + 1);
      const stop = end === -1 ? src.length : end;
      const inner = src.slice(i + 1, stop);
      if (inner.startsWith('$')) {
        const dash = inner.indexOf('-');
        lit(inner.slice(1, dash === -1 ? inner.length : dash));
      }
      i = stop;
    } else if (c === '0' || c === '#' || c === '?') {
      tokens.push({ t: 'digit', ch: c });
    } else if (c === '.' && !seenPoint && !seenExp) {
      seenPoint = true;
      tokens.push({ t: 'point' });
    } else if (c === ',') {
      tokens.push({ t: 'comma' });
    } else if (c === '%') {
      tokens.push({ t: 'percent' });
    } else if ((c === 'E' || c === 'e') && (src[i + 1] === '+' || src[i + 1] === '-') && !seenExp) {
      seenExp = true;
      tokens.push({ t: 'exp', sign: src[i + 1] as '+' | '-' });
      i++;
    } else if (src.slice(i, i + 7).toLowerCase() === 'general') {
      general = true;
      tokens.push({ t: 'general' });
      i += 6;
    } else if (c === '@') {
      // text placeholder: numbers ignore it
    } else {
      lit(c);
    }
  }

  // Commas: between integer placeholders they group; right after the last mantissa placeholder
  // they scale by 1000 each; anywhere else they are ignored.
  let grouping = false;
  let scale = 0;
  let lastMantissaDigit = -1;
  let firstDigit = -1;
  const expAt = tokens.findIndex((t) => t.t === 'exp');
  const mantissaEnd = expAt === -1 ? tokens.length : expAt;
  for (let i = 0; i < mantissaEnd; i++) {
    if (tokens[i]!.t === 'digit') {
      if (firstDigit === -1) firstDigit = i;
      lastMantissaDigit = i;
    }
  }
  const pointAt = tokens.findIndex((t) => t.t === 'point');
  const intEnd = pointAt === -1 ? mantissaEnd : pointAt;
  const kept: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    if (tok.t !== 'comma') {
      kept.push(tok);
      continue;
    }
    if (i > firstDigit && firstDigit !== -1 && i < intEnd && tokens.slice(i + 1, intEnd).some((t) => t.t === 'digit')) {
      grouping = true;
    } else if (i > lastMantissaDigit && lastMantissaDigit !== -1 && i < mantissaEnd && tokens.slice(lastMantissaDigit + 1, i).every((t) => t.t === 'comma')) {
      scale++;
    }
  }
  const percents = kept.filter((t) => t.t === 'percent').length;
  const hasDigits = kept.some((t) => t.t === 'digit');
  return { tokens: kept, grouping, scale, percents, general, hasDigits };
}

function renderSection(v: number, s: Section): string {
  let x = v * 100 ** s.percents;
  if (s.scale) x /= 1000 ** s.scale;
  if (s.general) {
    return s.tokens.map((t) => (t.t === 'general' ? generalString(x) : t.t === 'lit' ? t.s : t.t === 'percent' ? '%' : '')).join('');
  }
  if (!s.hasDigits) {
    return s.tokens.map((t) => (t.t === 'lit' ? t.s : t.t === 'percent' ? '%' : '')).join('');
  }

  const expAt = s.tokens.findIndex((t) => t.t === 'exp');
  const mantissa = expAt === -1 ? s.tokens : s.tokens.slice(0, expAt);
  const pointAt = mantissa.findIndex((t) => t.t === 'point');
  const intTokens = pointAt === -1 ? mantissa : mantissa.slice(0, pointAt);
  const intPlaces = intTokens.filter((t): t is Extract<Token, { t: 'digit' }> => t.t === 'digit');
  const fracPlaces =
    pointAt === -1 ? [] : mantissa.slice(pointAt + 1).filter((t): t is Extract<Token, { t: 'digit' }> => t.t === 'digit');

  let exponent = 0;
  if (expAt !== -1 && x !== 0) {
    const m = Math.max(1, intPlaces.length);
    exponent = Math.floor(Math.log10(x)) - (m - 1);
    let mant = x / 10 ** exponent;
    const rounded = Number(toFixedExcel(mant, fracPlaces.length));
    if (rounded >= 10 ** m) {
      exponent += 1;
      mant = x / 10 ** exponent;
    }
    x = mant;
  }

  const fixed = toFixedExcel(x, fracPlaces.length);
  const [intStr, fracStr = ''] = fixed.split('.') as [string, string?];
  const intDigits = intStr === '0' ? '' : intStr;

  // Integer placeholders take digits right to left; the leftmost also takes any overflow.
  const intOut: string[] = intPlaces.map(() => '');
  const n = intPlaces.length;
  for (let j = 0; j < n; j++) {
    const place = intPlaces[n - 1 - j]!;
    const digitIndex = intDigits.length - 1 - j;
    intOut[n - 1 - j] = digitIndex >= 0 ? intDigits[digitIndex]! : place.ch === '0' ? '0' : place.ch === '?' ? ' ' : '';
  }
  if (n > 0 && intDigits.length > n) intOut[0] = intDigits.slice(0, intDigits.length - n) + intOut[0]!;
  // A format without integer placeholders (".00") still shows the integer digits.
  const orphanInt = n === 0 ? intDigits : '';

  // Fraction placeholders take digits left to right; trailing zeros vanish under # and pad under ?.
  const fracOut: string[] = fracPlaces.map((_, i) => fracStr[i] ?? '0');
  for (let i = fracPlaces.length - 1; i >= 0; i--) {
    if (fracOut[i] !== '0' || fracPlaces[i]!.ch === '0') break;
    fracOut[i] = fracPlaces[i]!.ch === '?' ? ' ' : '';
  }

  const totalIntDigits = intOut.join('').replace(/[^0-9]/g, '').length + orphanInt.length;
  let emitted = 0;
  const emitInt = (piece: string): string => {
    let out = '';
    for (const ch of piece) {
      out += ch;
      if (ch >= '0' && ch <= '9') {
        const fromRight = totalIntDigits - emitted;
        emitted++;
        if (s.grouping && fromRight > 1 && (fromRight - 1) % 3 === 0) out += ',';
      }
    }
    return out;
  };

  let out = '';
  let intIdx = 0;
  let fracIdx = 0;
  let inFrac = false;
  let orphanDone = false;
  for (let i = 0; i < s.tokens.length; i++) {
    const tok = s.tokens[i]!;
    if (i === expAt) {
      const e = Math.abs(exponent);
      const expDigits = s.tokens.slice(expAt + 1).filter((t) => t.t === 'digit').length;
      const sign = exponent < 0 ? '-' : tok.t === 'exp' && tok.sign === '+' ? '+' : '';
      out += 'E' + sign + String(e).padStart(Math.max(1, expDigits), '0');
      // skip the exponent's own placeholders; keep literals after them
      for (i = i + 1; i < s.tokens.length; i++) {
        const rest = s.tokens[i]!;
        if (rest.t === 'lit') out += rest.s;
        else if (rest.t === 'percent') out += '%';
      }
      break;
    }
    switch (tok.t) {
      case 'digit':
        if (inFrac) out += fracOut[fracIdx++]!;
        else out += emitInt(intOut[intIdx++]!);
        break;
      case 'point':
        if (!orphanDone) {
          out += emitInt(orphanInt);
          orphanDone = true;
        }
        inFrac = true;
        out += '.';
        break;
      case 'percent':
        out += '%';
        break;
      case 'lit':
        out += tok.s;
        break;
      default:
        break;
    }
  }
  return out;
}

/** `v` (≥ 0) with `d` decimals, seen at 15 significant digits and rounded half away from zero. */
function toFixedExcel(v: number, d: number): string {
  if (v === 0) return d > 0 ? `0.${'0'.repeat(d)}` : '0';
  const [mant, expPart] = v.toPrecision(15).split('e') as [string, string?];
  const exp = expPart ? parseInt(expPart, 10) : 0;
  const dot = mant.indexOf('.');
  let digits = mant.replace('.', '');
  let intLen = (dot === -1 ? mant.length : dot) + exp;
  if (intLen <= 0) {
    digits = '0'.repeat(1 - intLen) + digits;
    intLen = 1;
  }
  if (digits.length < intLen + d + 1) digits = digits.padEnd(intLen + d + 1, '0');
  const keep = digits.slice(0, intLen + d).split('').map(Number);
  if (digits.charCodeAt(intLen + d) - 48 >= 5) {
    let i = keep.length - 1;
    while (i >= 0) {
      if (keep[i]! === 9) {
        keep[i] = 0;
        i--;
      } else {
        keep[i] = keep[i]! + 1;
        break;
      }
    }
    if (i < 0) {
      keep.unshift(1);
      intLen++;
    }
  }
  const all = keep.join('');
  const intPart = all.slice(0, intLen).replace(/^0+(?=\d)/, '');
  const fracPart = all.slice(intLen);
  return d > 0 ? `${intPart}.${fracPart}` : intPart;
}

/** Excel's General: up to 10 significant digits, no grouping. */
function generalString(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e11) return String(v);
  const clean = Number(v.toPrecision(10));
  return String(clean);
}
