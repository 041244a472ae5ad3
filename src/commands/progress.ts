/**
 * A one-line spinner on stderr for work that takes a while (LibreOffice, rebuilds). It draws only
 * on a terminal: in a pipe or a CI log, carriage returns would pile up as garbage, so there it
 * prints the label once (or nothing, for work that happens often, like watch rebuilds).
 */
import { isatty } from 'node:tty';
import { writeText } from './terminal.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface Progress {
  /** Clears the spinner line; the caller prints the outcome. */
  stop(): void;
}

export interface ProgressStream {
  isTTY?: boolean;
  write(s: string): boolean;
}

export function startProgress(label: string, options: { stream?: ProgressStream; whenPiped?: 'line' | 'silent' } = {}): Progress {
  // standard error as every other line brief prints is written (terminal.ts), so they stay in order
  const stream = options.stream ?? { isTTY: isatty(2), write: (s: string) => (writeText(2, s), true) };
  if (!stream.isTTY) {
    if (options.whenPiped !== 'silent') stream.write(`${label}…\n`);
    return { stop: () => undefined };
  }
  const started = Date.now();
  let frame = 0;
  const draw = (): void => {
    const seconds = Math.floor((Date.now() - started) / 1000);
    stream.write(`\r\x1b[2K${FRAMES[frame++ % FRAMES.length]} ${label}${seconds >= 1 ? ` (${seconds} s)` : ''}`);
  };
  draw();
  const timer = setInterval(draw, 80);
  // a spinner must never be what keeps the process alive
  timer.unref();
  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      stream.write('\r\x1b[2K');
    },
  };
}
