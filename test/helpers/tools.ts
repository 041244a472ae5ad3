import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const sharedDir = path.resolve(repoRoot, '../shared');
/** The validator of ../shared (ECMA-376 schemas plus package checks). */
export const validatorPath = path.join(sharedDir, 'tools/validate-pptx');
/** The sample's trade series: the repository's own copy, so tests run on a clone alone. */
export const sampleCsvPath = path.join(repoRoot, 'content/data/korea-china-trade.csv');

function onPath(tool: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Returns a skip reason when an external tool is missing on a user's machine. Under CI=true a
 * missing tool is a failure, not a skip: CI must prove what the tests claim.
 */
export function missingTools(...tools: string[]): string | undefined {
  const missing = tools.filter((t) => (t === 'shared' ? !existsSync(validatorPath) : !onPath(t)));
  if (!missing.length) return undefined;
  const reason = `needs ${missing.join(', ')} (apt-get install libxml2-utils libreoffice-impress poppler-utils; ../shared beside the repo)`;
  // CI runs the suite a second time on a lone clone (BRIEF_TESTS_ALONE=1) to prove it passes
  // without ../shared: there only the shared folder may be missing.
  const alone = process.env['BRIEF_TESTS_ALONE'] === '1' && missing.every((t) => t === 'shared');
  if (process.env['CI'] === 'true' && !alone) throw new Error(`CI=true but ${reason}`);
  return reason;
}
