/**
 * A template file's parts go into the deck as the file deflated them (graft.ts hands them to the
 * zip writer): not inflated and deflated again on every build. Only while they are the file's
 * bytes: a part the fix-up changes is deflated anew, and a part whose bytes do not match the
 * zip's CRC-32 is never copied compressed.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { openPackage } from '../src/ooxml/package.js';
import { graftPlan } from '../src/ooxml/presentation.js';
import { repoRoot } from './helpers/tools.js';

const sample = path.join(repoRoot, 'content');
const tmp = () => mkdtempSync(path.join(tmpdir(), 'brief-graft-z-'));

/** Each entry's DEFLATE bytes and CRC-32 as the zip's directory and local headers give them. */
function rawEntries(zip: Uint8Array): Map<string, { method: number; crc: number; raw: Uint8Array; size: number }> {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let eocd = zip.length - 22;
  while (view.getUint32(eocd, true) !== 0x06054b50) eocd--;
  let at = view.getUint32(eocd + 16, true);
  const out = new Map<string, { method: number; crc: number; raw: Uint8Array; size: number }>();
  for (let i = 0, n = view.getUint16(eocd + 10, true); i < n; i++) {
    const nameLength = view.getUint16(at + 28, true);
    const name = strFromU8(zip.subarray(at + 46, at + 46 + nameLength));
    const local = view.getUint32(at + 42, true);
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    out.set(name, { method: view.getUint16(at + 10, true), crc: view.getUint32(at + 16, true), raw: zip.subarray(start, start + view.getUint32(at + 20, true)), size: view.getUint32(at + 24, true) });
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return out;
}

/** A template file with one layout deflated at the highest level, so its bytes differ from what brief would write. */
async function templateFile(dir: string): Promise<string> {
  const own = path.join(dir, 'own.pptx');
  const result = await build({ dir: sample, output: own, cwd: repoRoot, template: 'default' });
  expect(result.ok).toBe(true);
  const parts = unzipSync(new Uint8Array(readFileSync(own)));
  const file = path.join(dir, 'corp.pptx');
  writeFileSync(file, zipSync(parts, { level: 9 }));
  return file;
}

describe("a template file's parts, deflated as the file holds them", () => {
  it('are copied into the deck compressed, byte for byte, when unchanged', async () => {
    const dir = tmp();
    const file = await templateFile(dir);
    const output = path.join(dir, 'deck.pptx');
    const result = await build({ dir: sample, output, cwd: repoRoot, template: file });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const src = rawEntries(new Uint8Array(readFileSync(file)));
    const out = rawEntries(new Uint8Array(readFileSync(output)));
    const layouts = [...out.keys()].filter((n) => /^ppt\/slideLayouts\/slideLayout\d+\.xml$/.test(n));
    expect(layouts.length).toBeGreaterThan(0);
    for (const name of layouts) {
      const a = src.get(name)!;
      const b = out.get(name)!;
      expect(b.method, name).toBe(8);
      expect(Buffer.compare(Buffer.from(b.raw), Buffer.from(a.raw)), `${name}: the file's DEFLATE bytes`).toBe(0);
      expect(b.crc).toBe(a.crc);
      // and they still inflate to the part
      expect(strFromU8(inflateRawSync(b.raw))).toBe(strFromU8(unzipSync(new Uint8Array(readFileSync(file)))[name]!));
    }
  });

  it('are deflated anew when the zip states a wrong CRC-32 for them (the deck stays readable)', async () => {
    const dir = tmp();
    const good = await templateFile(dir);
    const bytes = new Uint8Array(readFileSync(good));
    const entries = rawEntries(bytes);
    const victim = 'ppt/slideLayouts/slideLayout1.xml';
    expect(entries.has(victim)).toBe(true);
    // corrupt the CRC-32 the central directory states for one layout
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let eocd = bytes.length - 22;
    while (view.getUint32(eocd, true) !== 0x06054b50) eocd--;
    let at = view.getUint32(eocd + 16, true);
    for (;;) {
      const nameLength = view.getUint16(at + 28, true);
      if (strFromU8(bytes.subarray(at + 46, at + 46 + nameLength)) === victim) break;
      at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    }
    view.setUint32(at + 16, (view.getUint32(at + 16, true) ^ 0xffffffff) >>> 0, true);
    const file = path.join(dir, 'bad-crc.pptx');
    writeFileSync(file, bytes);
    const output = path.join(dir, 'deck.pptx');
    const result = await build({ dir: sample, output, cwd: repoRoot, template: file });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const out = rawEntries(new Uint8Array(readFileSync(output)));
    const part = unzipSync(new Uint8Array(readFileSync(good)))[victim]!;
    const written = out.get(victim)!;
    // the deck's entry is the part, with the part's true CRC-32 (fflate checks it on unzipping)
    expect(strFromU8(inflateRawSync(written.raw))).toBe(strFromU8(part));
    expect(written.crc).toBe(entries.get(victim)!.crc);
    expect(Buffer.compare(Buffer.from(unzipSync(new Uint8Array(readFileSync(output)))[victim]!), Buffer.from(part))).toBe(0);
    expect(strToU8(strFromU8(part)).length).toBe(written.size);
  });
});

describe('the graft plan (what grafting needs besides the bytes)', () => {
  it("is read with the template, carried in the Deck, and the deck built from the template cache is the same", async () => {
    const dir = tmp();
    const file = await templateFile(dir);
    const a = path.join(dir, 'a.pptx');
    const b = path.join(dir, 'b.pptx');
    const first = await build({ dir: sample, output: a, cwd: repoRoot, template: file });
    const plan = first.deck!.base!.plan!;
    expect(plan).toEqual(graftPlan(openPackage(new Uint8Array(readFileSync(file)))));
    expect(plan.parts.filter((p) => /^ppt\/slideLayouts\/slideLayout\d+\.xml$/.test(p)).length).toBeGreaterThan(0);
    expect(plan.parts.some((p) => p.startsWith('ppt/slides/'))).toBe(false);
    expect(plan.contentTypes['ppt/slideLayouts/slideLayout1.xml']).toBe('application/vnd.openxmlformats-officedocument.presentationml.slideLayout+xml');
    // the second build reads the template from the cache, plan included
    const second = await build({ dir: sample, output: b, cwd: repoRoot, template: file });
    expect(second.deck!.base!.plan).toEqual(plan);
    // pptxgenjs numbers charts across the decks of a process: the template's parts and presentation.xml are what to compare
    const pa = unzipSync(new Uint8Array(readFileSync(a)));
    const pb = unzipSync(new Uint8Array(readFileSync(b)));
    for (const name of [...plan.parts, 'ppt/presentation.xml', 'ppt/_rels/presentation.xml.rels', 'ppt/slides/_rels/slide1.xml.rels']) {
      expect(pa[name], name).toBeDefined();
      expect(Buffer.compare(Buffer.from(pb[name]!), Buffer.from(pa[name]!)), name).toBe(0);
    }
  });
});
