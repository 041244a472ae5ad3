import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Writes to a temporary file in the same folder, then renames it over the target: a reader (or a
 * presenter's PowerPoint) sees either the old deck or the new one, never half of one, and a failed
 * or killed build leaves the previous deck byte-identical. Two builds racing to one target each
 * rename a complete file, so the last one wins whole.
 */
export function writeFileAtomic(target: string, data: Uint8Array): void {
  const dir = path.dirname(target);
  mkdirSync(dir, { recursive: true });
  removeStaleTemps(dir, path.basename(target));
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${tempTag()}.tmp`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

let written = 0;

/**
 * Eight hex digits that differ between the writes of one process (two processes differ by pid).
 * Not node:crypto: loading it costs a short build several milliseconds, and these names need to
 * be unlikely to collide, not unguessable.
 */
function tempTag(): string {
  written = (written + 1) % 0x100;
  return (Math.floor(Math.random() * 0x1000000) * 0x100 + written).toString(16).padStart(8, '0');
}

/** Temp files of builds that were killed mid-write (their process is gone) are litter: remove them. */
function removeStaleTemps(dir: string, base: string): void {
  const prefix = `.${base}.`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number(name.slice(prefix.length).split('.')[0]);
    if (Number.isInteger(pid) && pid !== process.pid && !isAlive(pid)) rmSync(path.join(dir, name), { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
