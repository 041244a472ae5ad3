import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';

/** Every part of a .pptx as text (binary parts included, decoded loosely), keyed by part name. */
export function readPptxParts(file: string | Uint8Array): Map<string, string> {
  const bytes = typeof file === 'string' ? new Uint8Array(readFileSync(file)) : file;
  const parts = unzipSync(bytes);
  return new Map(Object.entries(parts).map(([name, data]) => [name, strFromU8(data)]));
}

export function slideNames(parts: Map<string, string>): string[] {
  return [...parts.keys()]
    .filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n))
    .sort((a, b) => Number(/(\d+)\.xml$/.exec(a)![1]) - Number(/(\d+)\.xml$/.exec(b)![1]));
}

/** Text of every a:t element in a part, in order. */
export function texts(xml: string): string[] {
  return [...xml.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => decode(m[1]!));
}

export function decode(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}
