import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Card icons are Lucide's (lucide-static): one-colour SVGs drawn in `currentColor`, so the
 * renderer can tint them with the card's accent. The folder is listed once, on first use.
 */
let folder: string | undefined;
let names: string[] | undefined;

/**
 * brief's own node_modules first, by its path as installed rather than through symlinks (which
 * module resolution follows), so a deck names the same file wherever the checkout lives.
 */
function iconFolder(): string {
  const own = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../node_modules/lucide-static/icons');
  folder ??= existsSync(own) ? own : path.join(path.dirname(createRequire(import.meta.url).resolve('lucide-static/package.json')), 'icons');
  return folder;
}

/** The SVG file of an icon, or undefined when Lucide has no icon of that name. */
export function iconFile(name: string): string | undefined {
  if (!/^[a-z0-9-]+$/.test(name)) return undefined;
  const file = path.join(iconFolder(), `${name}.svg`);
  return existsSync(file) ? file : undefined;
}

export function iconNames(): string[] {
  names ??= readdirSync(iconFolder())
    .filter((f) => f.endsWith('.svg'))
    .map((f) => f.slice(0, -4));
  return names;
}
