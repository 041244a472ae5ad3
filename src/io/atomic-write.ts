import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Writes to a temporary file in the same folder, then renames it over the target: a reader (or a
 * presenter's PowerPoint) sees either the old deck or the new one, never half of one, and a failed
 * build leaves the previous deck byte-identical.
 */
export function writeFileAtomic(target: string, data: Uint8Array): void {
  const dir = path.dirname(target);
  mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
