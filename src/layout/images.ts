import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { imageSize } from 'image-size';
import type { Briefing } from '../content/types.js';
import { type Diagnostic, type SourcePoint, error } from '../diagnostics.js';
import { isInside } from '../template/load.js';

export interface ImageInfo {
  /** Absolute path. */
  path: string;
  /** Intrinsic size in pixels (SVG: user units), with EXIF rotation applied. */
  width: number;
  height: number;
  type: 'png' | 'jpg' | 'svg';
}

/** Finds and measures a picture named in Markdown; the one place layout reads pictures from disk. */
export type ImageResolver = (src: string, at: SourcePoint) => { image?: ImageInfo; diagnostic?: Diagnostic };

const SUPPORTED: Record<string, ImageInfo['type']> = { png: 'png', jpg: 'jpg', svg: 'svg' };

/**
 * Pictures resolve relative to the Markdown file that names them and must stay inside the briefing
 * folder, symlinks followed. Block positions name files relative to where brief runs, and so does
 * the manifest's, which gives the briefing folder's own prefix to strip.
 */
export function fileImageResolver(briefing: Briefing): ImageResolver {
  const cache = new Map<string, { image?: ImageInfo; diagnostic?: Diagnostic }>();
  const manifestDir = path.dirname(briefing.manifest.at.file);
  return (src, at) => {
    const markdown = path.resolve(briefing.dir, path.relative(manifestDir, at.file));
    const key = `${markdown}\n${src}`;
    const hit = cache.get(key);
    if (hit) return hit.diagnostic ? { diagnostic: { ...hit.diagnostic, at } } : hit;
    const result = resolveImage(briefing.dir, path.dirname(markdown), src, at);
    cache.set(key, result);
    return result;
  };
}

function resolveImage(root: string, dir: string, src: string, at: SourcePoint): { image?: ImageInfo; diagnostic?: Diagnostic } {
  const fail = (message: string, hint: string) => ({ diagnostic: error(message, at, hint) });
  if (/^(https?:|ftp:)?\/\//i.test(src)) {
    return fail(`picture "${src}" is a remote URL: remote images are not fetched`, 'download the picture into the briefing folder (e.g. images/) and link it by its relative path');
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(src) && !/^[a-z]:[\\/]/i.test(src)) {
    return fail(`picture "${truncate(src)}" is not a file path`, 'save the picture in the briefing folder (e.g. images/) and link it by its relative path');
  }
  let name = src;
  try {
    name = decodeURIComponent(src);
  } catch {
    // a stray % is part of the file name
  }
  const file = path.resolve(dir, name);
  if (!isInside(root, file)) {
    return fail(`picture "${src}" is outside the briefing folder`, 'copy the picture into the briefing folder (e.g. images/) and link it there');
  }
  if (!existsSync(file) || !statSync(file).isFile()) {
    return fail(`picture "${src}" not found`, `put the picture at ${path.relative(root, file) || file} inside the briefing folder, or fix the path`);
  }
  let size: ReturnType<typeof imageSize>;
  try {
    size = imageSize(readFileSync(file));
  } catch {
    return fail(`picture "${src}" is not a PNG, JPEG or SVG image brief can read`, 'save it as PNG, JPEG or SVG');
  }
  const type = SUPPORTED[size.type ?? ''];
  if (!type) return fail(`picture "${src}" is a ${size.type?.toUpperCase() ?? 'file'} image; brief places PNG, JPEG and SVG`, 'save it as PNG, JPEG or SVG');
  if (!size.width || !size.height) return fail(`picture "${src}" has no width and height`, 'give the SVG a viewBox or width and height attributes');
  // EXIF orientations 5–8 turn the picture a quarter: its displayed width is the stored height.
  const turned = (size.orientation ?? 1) >= 5;
  return { image: { path: file, width: turned ? size.height : size.width, height: turned ? size.width : size.height, type } };
}

function truncate(s: string): string {
  return s.length > 40 ? s.slice(0, 37) + '…' : s;
}
