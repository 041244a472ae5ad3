import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RebuildQueue } from '../src/commands/watch/queue.js';

/** A file system of stamps, and builds that record what they saw and take `buildMs` of fake time. */
function setup(buildMs = 30) {
  const files = new Map<string, string>([['a.md', 'v1']]);
  const seen: string[] = [];
  const queue = new RebuildQueue({
    build: async () => {
      seen.push(files.get('a.md')!);
      await new Promise((r) => setTimeout(r, buildMs));
    },
    stamp: (f) => files.get(f) ?? 'gone',
    debounceMs: 10,
    recheckMs: 60,
  });
  return { files, seen, queue };
}

describe('RebuildQueue', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('makes one rebuild of changes closer together than the debounce', async () => {
    const { files, seen, queue } = setup();
    files.set('a.md', 'v2');
    queue.changedFile('change', 'a.md');
    await vi.advanceTimersByTimeAsync(5);
    files.set('a.md', 'v3');
    queue.changedFile('change', 'a.md');
    await vi.advanceTimersByTimeAsync(500);
    expect(seen).toEqual(['v3']);
  });

  it('rebuilds for a change the watcher never reported, made after the build read the file', async () => {
    const { files, seen, queue } = setup();
    files.set('a.md', 'v2');
    queue.changedFile('change', 'a.md');
    await vi.advanceTimersByTimeAsync(15); // the build has started and read v2
    files.set('a.md', 'v3'); // chokidar drops this one: within 50 ms of the last
    await vi.advanceTimersByTimeAsync(500);
    expect(seen).toEqual(['v2', 'v3']);
  });

  it('does not rebuild when nothing changed after the build read the file', async () => {
    const { files, seen, queue } = setup();
    files.set('a.md', 'v2');
    queue.changedFile('change', 'a.md');
    await vi.advanceTimersByTimeAsync(500);
    expect(seen).toEqual(['v2']);
  });

  it('queues exactly one more build for changes during a build', async () => {
    const { files, seen, queue } = setup(100);
    files.set('a.md', 'v2');
    queue.changedFile('change', 'a.md');
    await vi.advanceTimersByTimeAsync(20);
    for (const v of ['v3', 'v4', 'v5']) {
      files.set('a.md', v);
      queue.changedFile('change', 'a.md');
      await vi.advanceTimersByTimeAsync(15);
    }
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen).toEqual(['v2', 'v5']);
  });

  it('schedules nothing after close', async () => {
    const { files, seen, queue } = setup();
    files.set('a.md', 'v2');
    queue.changedFile('change', 'a.md');
    await vi.advanceTimersByTimeAsync(15);
    files.set('a.md', 'v3');
    const closed = queue.close();
    await vi.advanceTimersByTimeAsync(500);
    await closed;
    queue.changedFile('change', 'a.md');
    await vi.advanceTimersByTimeAsync(500);
    expect(seen).toEqual(['v2']);
  });
});
