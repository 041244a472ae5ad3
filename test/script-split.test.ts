import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitByScript, splitEachCharacter } from '../src/text/script.js';

/** The split character by character, as splitByScript did before it skipped text with no East Asian character. */
const reference = splitEachCharacter;

describe('runs split by script', () => {
  it('are the character-by-character split, for Latin, accented, Hangul, Hanzi, Kana and emoji text', () => {
    const ch = fc.constantFrom('a', 'Z', ' ', '.', ',', '1', '\u0301', 'é', 'ß', '—', '\u10ff', '\u1100', '한', '국', '中', '文', 'カ', '\u3000', '。', '😀', '\u{20000}');
    const text = fc.array(ch, { maxLength: 12 }).map((cs) => cs.join(''));
    const run = fc.record({ text, bold: fc.boolean(), lang: fc.constantFrom(undefined, 'ko-KR' as const) }, { requiredKeys: ['text'] });
    fc.assert(
      fc.property(run, (r) => {
        expect(splitByScript(r)).toEqual(reference(r));
      }),
      { numRuns: 3000 },
    );
  });

  it('leaves Latin text one run, without a language', () => {
    expect(splitByScript({ text: 'Trade — 2024, +3.1%', bold: true, lang: 'ko-KR' })).toEqual([{ text: 'Trade — 2024, +3.1%', bold: true }]);
    expect(splitByScript({ text: 'Seoul 서울' })).toEqual([{ text: 'Seoul ' }, { text: '서울', lang: 'ko-KR' }]);
  });
});
