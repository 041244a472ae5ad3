import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const sharedDir = path.resolve(repoRoot, '../shared');

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
  const missing = tools.filter((t) => (t === 'shared' ? !existsSync(path.join(sharedDir, 'tools/validate-pptx')) : !onPath(t)));
  if (!missing.length) return undefined;
  const reason = `needs ${missing.join(', ')} (apt-get install libxml2-utils libreoffice-impress poppler-utils; ../shared beside the repo)`;
  if (process.env['CI'] === 'true') throw new Error(`CI=true but ${reason}`);
  return reason;
}
