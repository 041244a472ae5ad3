/**
 * The one-pass CSV scan (csv.ts, the fast path for large exports) must read every text it accepts
 * exactly as csv-parse does with brief's options; for anything else it steps aside. It reads bytes,
 * keeps offsets, and reads numbers straight from the bytes: those must equal Number() of the text.
 */
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvCells, bytesToNumber, fieldText, scanCsv } from '../src/data/csv.js';
import { parseNumber } from '../src/data/lookup.js';

const viaCsvParse = (text: string, delimiter: string) =>
  (parse(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, trim: true }) as string[][]).filter((r) => r.some((v) => v !== ''));

const records = (text: string, delimiter: string): string[][] | undefined => {
  const scan = scanCsv(Buffer.from(text, 'utf8'), delimiter);
  if (!scan) return undefined;
  return Array.from({ length: scan.records }, (_, k) => {
    const out: string[] = [];
    for (let f = scan.recFirst[k]!; f < scan.recFirst[k + 1]!; f++) out.push(fieldText(scan, f));
    return out;
  });
};

describe('scanCsv', () => {
  it('agrees with csv-parse on random text made of the characters that matter', () => {
    const chars = fc.constantFrom('a', 'b', '1', '.', ' ', '\t', ',', ';', '"', '\n', '\r\n', '\r', '한', '😀');
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 60 }), fc.constantFrom(',', '\t'), (parts, delimiter) => {
        const text = parts.join('');
        const fast = records(text, delimiter);
        if (!fast) return;
        let expected: string[][];
        try {
          expected = viaCsvParse(text, delimiter);
        } catch {
          throw new Error(`scanCsv accepted what csv-parse refuses: ${JSON.stringify(text)}`);
        }
        expect(fast, JSON.stringify(text)).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('gives each field its line and column (UTF-16 units, worked out from the byte offset), quoted fields over several lines included', () => {
    const text = 'year, name\n\n2015,"a\nb"\n2016 ,  "x ""y"""\n한국,"😀",z\n';
    expect(records(text, ',')).toEqual([['year', 'name'], ['2015', 'a\nb'], ['2016', 'x "y"'], ['한국', '😀', 'z']]);
    const cells = new CsvCells(scanCsv(Buffer.from(text), ',')!);
    expect(cells.at(0, 1)).toEqual({ line: 3, column: 6 });
    expect(cells.at(1, 0)).toEqual({ line: 5, column: 1 });
    expect(cells.at(1, 1)).toEqual({ line: 5, column: 9 });
    // "한국" is 6 bytes but 2 characters; "😀" is 4 bytes and 2 UTF-16 units
    expect(cells.at(2, 1)).toEqual({ line: 6, column: 4 });
    expect(cells.at(2, 2)).toEqual({ line: 6, column: 9 });
    expect(cells.rowLine(1)).toBe(5);
    expect(cells.text(2, 0)).toBe('한국');
    // a repeated short text is one shared string, and still equal to a fresh one
    expect(cells.text(2, 0)).toBe(cells.text(2, 0));
  });

  it('steps aside for an unclosed quote or text after a closing quote', () => {
    expect(scanCsv(Buffer.from('a,b\n1,"open\n'), ',')).toBeUndefined();
    expect(scanCsv(Buffer.from('a,b\n1,"x"y\n'), ',')).toBeUndefined();
  });
});

describe('bytesToNumber', () => {
  const viaText = (t: string) => parseNumber(t) ?? NaN;
  const viaBytes = (t: string) => {
    const b = Buffer.from(t, 'latin1');
    return bytesToNumber(b, 0, b.length);
  };
  it('reads what parseNumber reads, to the last bit, and refuses the rest', () => {
    const cases = ['0', '-0', '+5', '007', '1.5', '.5', '5.', '1,234', '1,234.56', '12,345,678', '1,23', '1234,567', ',5', '1e3', '1E-3', '2.5e+10', '1e', 'e3', '-', '.', '1.2.3', '0.1', '0.000000000000000000001', '123456789012345678', '9007199254740993', '1e400', '1e-400', '4.35', '1.7976931348623157e308', 'NaN', '1 2', '12a', '+-1'];
    for (const t of cases) expect(Object.is(viaBytes(t), viaText(t)), t).toBe(true);
  });
  it('agrees with parseNumber on random decimals', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 20 }), (x, digits) => {
        for (const t of [String(x), x.toFixed(Math.min(digits, 20)), x.toExponential(Math.min(digits, 20))]) expect(Object.is(viaBytes(t), viaText(t)), t).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
