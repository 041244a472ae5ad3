/**
 * The I/O edge of the HTML preview: reads what render/html.ts inlines (chart.js, the bundled
 * browser code, images) and writes the page. The scripts are read once per process, so that
 * `brief watch` pays for them on its first build only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Deck, ImageShape } from '../deck/types.js';
import { BriefError, error } from '../diagnostics.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { siblingPath } from '../io/outputs.js';
import { openPackage } from '../ooxml/package.js';
import { type HtmlAssets, type HtmlOptions, deckToHtml, imageKey } from './html.js';

/** The package root: this file runs from src/render/ (tests) or dist/render/ (the CLI). */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLIENT_BUNDLE = path.join(ROOT, 'dist/html-client/preview.js');

let scripts: { chartJs: string; client: string } | undefined;

function loadScripts(): { chartJs: string; client: string } {
  if (scripts) return scripts;
  // chart.js's export map hides dist/, so find the package through its main entry
  const main = createRequire(import.meta.url).resolve('chart.js');
  const umd = path.join(path.dirname(main), 'chart.umd.min.js');
  if (!existsSync(CLIENT_BUNDLE)) {
    throw new BriefError([
      error('the HTML preview\'s browser code is missing (dist/html-client/preview.js)', undefined, "run `npm install` (or `npm run build`) in brief's folder to build it"),
    ]);
  }
  scripts = { chartJs: readFileSync(umd, 'utf8'), client: readFileSync(CLIENT_BUNDLE, 'utf8') };
  return scripts;
}

const IMAGE_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
  '.bmp': 'image/bmp',
};

export function loadHtmlAssets(deck: Deck): HtmlAssets {
  const images = new Map<string, string>();
  for (const shapes of [...deck.slides.map((s) => s.shapes), ...(deck.masters ?? []).map((m) => m.shapes)]) {
    for (const shape of shapes) {
      const key = shape.kind === 'image' ? imageKey(shape) : undefined;
      if (shape.kind !== 'image' || !key || images.has(key)) continue;
      const type = IMAGE_TYPES[path.extname(shape.path).toLowerCase()];
      try {
        if (type) images.set(key, dataUri(shape, type));
      } catch {
        // the layout checked the file exists; if it vanished since, the page shows the alt text
      }
    }
  }
  if (deck.base) baseImages(deck.base, images);
  return { ...loadScripts(), images };
}

/** The template file's background and master pictures, keyed `base:<part>` (see html.ts). */
function baseImages(base: NonNullable<Deck['base']>, images: Map<string, string>): void {
  const parts = [...new Set(Object.values(base.layouts).flatMap((l) => (l.backdrop ?? []).flatMap((b) => (b.part ? [b.part] : []))))];
  if (!parts.length) return;
  let pkg: ReturnType<typeof openPackage>;
  try {
    pkg = openPackage(readFileSync(base.file));
  } catch {
    // the build read the file; if it is gone since, the preview shows no backdrop
    return;
  }
  for (const part of parts) {
    const type = IMAGE_TYPES[path.extname(part).toLowerCase()];
    const bytes = pkg.bytes(part);
    if (type && bytes) images.set(`base:${part}`, `data:${type};base64,${Buffer.from(bytes).toString('base64')}`);
  }
}

function dataUri(shape: ImageShape, type: string): string {
  let bytes = readFileSync(shape.path);
  // a one-colour icon drawn in currentColor: an <img> has no current colour, so the SVG gets the tint itself
  if (shape.tint && type === 'image/svg+xml') bytes = Buffer.from(bytes.toString('utf8').replace(/currentColor/g, `#${shape.tint.replace(/[^0-9A-Fa-f]/g, '')}`));
  return `data:${type};base64,${bytes.toString('base64')}`;
}

export function renderHtmlPreview(deck: Deck, options: HtmlOptions = {}): string {
  return deckToHtml(deck, loadHtmlAssets(deck), options);
}

/** Writes the preview next to the deck; returns its path. */
export function writeHtmlPreview(deck: Deck, pptx: string): string {
  const file = siblingPath(pptx, '.html');
  writeFileAtomic(file, new TextEncoder().encode(renderHtmlPreview(deck)));
  return file;
}
