import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { MISTAKES, PAGE, renderPage } from '../scripts/troubleshooting.mjs';

describe('docs/troubleshooting.md', () => {
  it('shows, for each of the ten mistakes, the message a real run prints now (node scripts/troubleshooting.mjs)', async () => {
    const page = (await renderPage()) as string;
    expect(readFileSync(PAGE as string, 'utf8')).toBe(page);
    expect(MISTAKES).toHaveLength(10);
    // one message per mistake, each with a place and a fix (the -o mistake is commander's usage error)
    const blocks = [...page.matchAll(/\(exit (\d)\):\n\n```\n([\s\S]*?)\n```/g)].map((m) => ({ code: Number(m[1]), text: m[2]! }));
    expect(blocks).toHaveLength(10);
    for (const b of blocks) {
      expect(b.text.split('\n').filter((l) => /(error|warning): /.test(l))).toHaveLength(1);
      if (b.code !== 2) expect(b.text).toMatch(/^my-brief\/[^:]+(:\d+:\d+)?: (error|warning): .*\n  hint: /);
    }
  });
});
