import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MINIMAL, makeBriefing, runCli } from './helpers/briefing.js';
import { repoRoot } from './helpers/tools.js';
// @ts-expect-error: a plain .mjs script without types
import { END, START, templateReference, withReference } from '../scripts/template-reference.mjs';

const docFile = path.join(repoRoot, 'docs/templates.md');
const doc = readFileSync(docFile, 'utf8');
const schema = JSON.parse(readFileSync(path.join(repoRoot, 'src/template/schema.json'), 'utf8'));

describe('docs/templates.md', () => {
  it('has the reference generated from the current schema (run `node scripts/template-reference.mjs --write`)', () => {
    expect(doc).toContain(START);
    expect(doc).toContain(END);
    expect(withReference(doc, templateReference(schema))).toBe(doc);
  });

  it('would notice a schema change', () => {
    const changed = structuredClone(schema);
    changed.properties.fonts.properties.heading.description = 'something else';
    expect(withReference(doc, templateReference(changed))).not.toBe(doc);
  });

  it('documents every top-level key and every layout of the schema', () => {
    for (const key of Object.keys(schema.properties)) expect(doc).toContain(`| \`${key}\` |`);
    for (const layout of Object.keys(schema.properties.layouts.properties)) expect(doc).toContain(`| \`${layout}\` |`);
  });

  it("builds the worked example's finished file", () => {
    const example = /<!-- example:acme -->\n```json\n([\s\S]*?)\n```/.exec(doc);
    expect(example, 'the finished file of the worked example').not.toBeNull();
    const dir = makeBriefing({ ...MINIMAL, 'templates/acme/template.json': example![1]! });
    copyFileSync(path.join(repoRoot, 'templates/default/logo.png'), path.join(dir, 'templates/acme/acme-logo.png'));
    const r = runCli(['build', '.', '-t', 'acme', '-o', 'out.pptx'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/warning/);
  });

  it('shows the gallery pictures it names', () => {
    const pictures = [...doc.matchAll(/\]\((img\/gallery-[^)]+\.png)\)/g)].map((m) => m[1]!);
    expect(pictures.length).toBe(6);
    for (const p of pictures) expect(existsSync(path.join(repoRoot, 'docs', p)), p).toBe(true);
  });
});
