/**
 * When `brief watch` rebuilds: changes closer together than the debounce become one rebuild, one
 * build runs at a time, and changes during a build queue exactly one more.
 *
 * chokidar reports a second change to a file within 50 ms of the first not at all, not even
 * afterwards (its `_throttle`): a save landing while a rebuild already reads the files would leave
 * a stale deck. So each changed file is looked at again once that window has passed, and rebuilt
 * when it no longer is what the last build saw.
 */
export interface RebuildQueueOptions {
  /** One build; never rejects (watch reports its own failures). */
  build: () => Promise<void>;
  /** What tells one version of a file from the next (size and time, say), or 'gone'. */
  stamp: (file: string) => string;
  debounceMs: number;
  recheckMs: number;
}

export class RebuildQueue {
  private running: Promise<void> | undefined;
  private queued = false;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  /** Files changed since the last build started. */
  private readonly changed = new Set<string>();
  /** How each file looked when the last build after its change started. */
  private readonly seenByBuild = new Map<string, string>();
  private readonly rechecks = new Set<NodeJS.Timeout>();

  constructor(private readonly options: RebuildQueueOptions) {}

  /** A watcher's event: rebuild after the debounce. */
  changedFile(event: string, file: string): void {
    if (this.closed) return;
    if (event === 'change' || event === 'add') this.recheckLater(file);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), this.options.debounceMs);
  }

  /** Builds now, or once more after the build under way. */
  run(): Promise<void> {
    if (this.running) {
      this.queued = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.queued = false;
        for (const file of this.changed) this.seenByBuild.set(file, this.options.stamp(file));
        this.changed.clear();
        await this.options.build();
      } while (this.queued && !this.closed);
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Stops scheduling; resolves when the build under way has ended. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    for (const t of this.rechecks) clearTimeout(t);
    await this.running;
  }

  private recheckLater(file: string): void {
    this.changed.add(file);
    const t = setTimeout(() => {
      this.rechecks.delete(t);
      // still waiting for its build: nothing can have been missed yet
      if (this.closed || this.changed.has(file)) return;
      if (this.options.stamp(file) !== this.seenByBuild.get(file)) this.changedFile('change', file);
    }, this.options.recheckMs);
    this.rechecks.add(t);
  }
}
