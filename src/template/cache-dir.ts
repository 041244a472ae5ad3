import { homedir } from 'node:os';
import path from 'node:path';

/**
 * The user's cache folder for brief: `BRIEF_CACHE_DIR` when set, else the platform's own place
 * (`$XDG_CACHE_HOME/brief` or `~/.cache/brief` on Linux, `~/Library/Caches/brief` on macOS,
 * `%LOCALAPPDATA%\brief\Cache` on Windows). Everything in it may be deleted at any time.
 * It holds `templates/` (the reading of PowerPoint-file templates) and `fonts/` (fontconfig's
 * answers and the advance widths of the machine's fonts brief measured with).
 */
export function userCacheDir(): string {
  const own = process.env['BRIEF_CACHE_DIR'];
  if (own) return path.resolve(own);
  const home = homedir();
  if (process.platform === 'win32') return path.join(process.env['LOCALAPPDATA'] || path.join(home, 'AppData', 'Local'), 'brief', 'Cache');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Caches', 'brief');
  const xdg = process.env['XDG_CACHE_HOME'];
  // the XDG spec ignores a relative XDG_CACHE_HOME
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(home, '.cache'), 'brief');
}
