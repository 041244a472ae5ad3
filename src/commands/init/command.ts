/** `brief init <dir>`. */
import path from 'node:path';
import { type Io, printDiagnostics } from '../terminal.js';
import { initBriefing } from './starter.js';

export async function initCommand(dir: string, io: Io): Promise<number> {
  const target = path.resolve(dir);
  const shown = path.relative(process.cwd(), target) || '.';
  const result = initBriefing(target, shown);
  printDiagnostics(result.diagnostics, io);
  if (!result.files.length) return 1;
  io.err(`created ${shown}/ with ${result.files.join(', ')}`);
  io.err(`next: brief build ${shown} --html   (or: brief watch ${shown})`);
  return 0;
}
