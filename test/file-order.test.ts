import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareFileNames } from '../src/content/file-order.js';

const icu = new Intl.Collator('en', { numeric: true });

describe('section file order', () => {
  it('is the order of localeCompare(…, "en", { numeric: true }) for any file name', () => {
    // names made mostly of the characters the fast path handles, with runs of digits and zeros
    const part = fc.oneof(fc.constantFrom('0', '00', '1', '01', '2', '9', '10', '010', '99', '100', '1234567890123456', '-', '_', '.', '.md', 'a', 'b', 'z', 'md', 'x'), fc.stringMatching(/^[a-z0-9._-]{0,4}$/), fc.constantFrom('A', 'É', ' ', '~', '한'));
    const name = fc.array(part, { maxLength: 6 }).map((p) => p.join(''));
    fc.assert(
      fc.property(name, name, (a, b) => {
        expect(Math.sign(compareFileNames(a, b)), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(Math.sign(icu.compare(a, b)));
      }),
      { numRuns: 5000 },
    );
  });

  it('sorts numbered sections by number', () => {
    const names = ['10-end.md', '2-middle.md', '01-start.md', '02-b.md', '1-a.md', 'appendix.md', '_draft.md', '2.md', '2-a.md'];
    expect([...names].sort(compareFileNames)).toEqual([...names].sort(icu.compare));
    expect([...names].sort(compareFileNames)).toEqual(['_draft.md', '1-a.md', '01-start.md', '2-a.md', '02-b.md', '2-middle.md', '2.md', '10-end.md', 'appendix.md']);
  });
});
