import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { missingTools } from './tools.js';

/** Debian's chromium (apt-get install chromium); CHROMIUM_PATH overrides. */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Flags that keep a headless Chromium from reaching the network or a display. */
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/** A skip reason when Chromium is missing (a failure under CI=true, through missingTools). */
export function missingChromium(): string | undefined {
  if (process.env['CHROMIUM_PATH'] && existsSync(CHROMIUM)) return undefined;
  const reason = missingTools('chromium');
  return reason ? `${reason}; the browser tests need Chromium: apt-get install chromium` : undefined;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, timeout: 60_000 });
}
