/**
 * The order section files are read in: `localeCompare(b, 'en', { numeric: true })`, so that
 * `2-x.md` comes before `10-x.md`. Making that ICU collator costs milliseconds of every build, for
 * names that are nearly always lowercase ASCII like `01-the-visit.md`; for those the same order is
 * computed here (root collation: `_` < `-` < `.` < digit runs by value, leading zeros ignored <
 * letters), and anything else goes to ICU. test/file-order.test.ts holds the two to the same result.
 */
const SIMPLE = /^[a-z0-9._-]*$/;
const LONG_DIGITS = /\d{16}/;

let collator: Intl.Collator | undefined;

export function compareFileNames(a: string, b: string): number {
  if (!SIMPLE.test(a) || !SIMPLE.test(b) || LONG_DIGITS.test(a) || LONG_DIGITS.test(b)) {
    collator ??= new Intl.Collator('en', { numeric: true });
    return collator.compare(a, b);
  }
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(j);
    if (isDigit(x) && isDigit(y)) {
      const endA = digitsEnd(a, i);
      const endB = digitsEnd(b, j);
      const byValue = compareDigits(a.slice(i, endA), b.slice(j, endB));
      if (byValue !== 0) return byValue;
      i = endA;
      j = endB;
      continue;
    }
    const byWeight = weight(x) - weight(y);
    if (byWeight !== 0) return Math.sign(byWeight);
    i++;
    j++;
  }
  return Math.sign(a.length - i - (b.length - j));
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function digitsEnd(s: string, from: number): number {
  let k = from;
  while (k < s.length && isDigit(s.charCodeAt(k))) k++;
  return k;
}

/** Two runs of digits by their value: leading zeros do not count. */
function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  if (x.length !== y.length) return Math.sign(x.length - y.length);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Root collation's primary order of the other characters allowed above; a digit run sorts between `.` and `a`. */
function weight(c: number): number {
  if (c === 95) return 1; // _
  if (c === 45) return 2; // -
  if (c === 46) return 3; // .
  if (isDigit(c)) return 4;
  return 5 + c; // a–z
}
