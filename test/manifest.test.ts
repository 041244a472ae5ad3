import { describe, expect, it } from 'vitest';
import { parseManifest } from '../src/content/manifest.js';

describe('parseManifest', () => {
  it('reads every key and normalises a bare data file', () => {
    const { manifest, diagnostics } = parseManifest(
      ['title: T', 'subtitle: 한중 관계', 'date: 2026-01-12', 'author: A', 'organization: O', 'classification: C', 'template: default', 'lang: en', 'data:', '  trade: data/t.csv', '  other: { file: data/o.csv, source: S, units: U }'].join('\n'),
      'deck.yaml',
    );
    expect(diagnostics).toEqual([]);
    expect(manifest).toMatchObject({ title: 'T', subtitle: '한중 관계', date: '2026-01-12', classification: 'C', template: 'default' });
    expect(manifest!.data['trade']).toMatchObject({ file: 'data/t.csv', at: { file: 'deck.yaml', line: 10 } });
    expect(manifest!.data['other']).toMatchObject({ file: 'data/o.csv', source: 'S', units: 'U' });
  });

  it('reports malformed YAML with line and column', () => {
    const { manifest, diagnostics } = parseManifest('title: T\nsubtitle: "unclosed\nauthor: x\n', 'content/deck.yaml');
    expect(manifest).toBeUndefined();
    expect(diagnostics[0]!.severity).toBe('error');
    expect(diagnostics[0]!.message).toMatch(/^malformed YAML/);
    expect(diagnostics[0]!.at).toEqual({ file: 'content/deck.yaml', line: 2, column: 11 });
    expect(diagnostics[0]!.at!.column).toBeGreaterThan(0);
  });

  it('rejects an unknown key with a did-you-mean at its line and column', () => {
    const { diagnostics } = parseManifest('title: T\n  \nsubtitel: S\n', 'deck.yaml');
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ message: 'unknown key "subtitel" in deck.yaml', hint: 'did you mean "subtitle"?', at: { line: 3, column: 1 } });
  });

  it('requires a title', () => {
    const { diagnostics } = parseManifest('author: A\n', 'deck.yaml');
    expect(diagnostics.map((d) => d.message)).toContain('deck.yaml has no "title"');
  });

  it('rejects a date that is not YYYY-MM-DD', () => {
    const { diagnostics } = parseManifest('title: T\ndate: 12/01/2026\n', 'deck.yaml');
    expect(diagnostics[0]).toMatchObject({ message: expect.stringContaining('"date" must be a date'), at: { line: 2, column: 7 } });
  });

  it('records where each section entry is written', () => {
    const { manifest } = parseManifest('title: T\nsections:\n  - a.md\n  - b.md\n', 'deck.yaml');
    expect(manifest!.sections).toEqual(['a.md', 'b.md']);
    expect(manifest!.sectionsAt!.map((a) => a.line)).toEqual([3, 4]);
  });
});
