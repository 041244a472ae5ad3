/**
 * The one-pass CSV scan (load.ts, the fast path for large exports) must read every text it accepts
 * exactly as csv-parse does with brief's options; for anything else it steps aside.
 */
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanCsv } from '../src/data/load.js';

const viaCsvParse = (text: string, delimiter: string) => parse(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, trim: true }) as string[][];

describe('scanCsv', () => {
  it('agrees with csv-parse on random text made of the characters that matter', () => {
    const chars = fc.constantFrom('a', 'b', '1', '.', ' ', '\t', ',', ';', '"', '\n', '\r\n', '\r', '한', '😀');
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 60 }), fc.constantFrom(',', '\t'), (parts, delimiter) => {
        const text = parts.join('');
        const fast = scanCsv(text, delimiter);
        if (!fast) return;
        let expected: string[][];
        try {
          expected = viaCsvParse(text, delimiter);
        } catch {
          throw new Error(`scanCsv accepted what csv-parse refuses: ${JSON.stringify(text)}`);
        }
        expect(fast.values, JSON.stringify(text)).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('gives each field its line and column, quoted fields over several lines included', () => {
    const text = 'year, name\n\n2015,"a\nb"\n2016 ,  "x ""y"""\n';
    const r = scanCsv(text, ',')!;
    expect(r.values).toEqual([
      ['year', 'name'],
      ['2015', 'a\nb'],
      ['2016', 'x "y"'],
    ]);
    const at = (k: number, j: number) => [r.pos[r.base[k]! + 2 * j], r.pos[r.base[k]! + 2 * j + 1]];
    expect(at(0, 1)).toEqual([1, 7]);
    expect(at(1, 1)).toEqual([3, 6]);
    expect(at(2, 0)).toEqual([5, 1]);
    expect(at(2, 1)).toEqual([5, 9]);
  });

  it('steps aside for an unclosed quote or text after a closing quote', () => {
    expect(scanCsv('a,b\n1,"open\n', ',')).toBeUndefined();
    expect(scanCsv('a,b\n1,"x"y\n', ',')).toBeUndefined();
  });
});
