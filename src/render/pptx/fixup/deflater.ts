/**
 * DEFLATE on a second thread, for the zip of a large deck: pptxgenjs 4.0.1 stores every part
 * (zip.ts), so the fix-up deflates them, and on a 500-slide deck that was a sixth of the build,
 * spent on the one thread that also runs the repairs. Here a worker thread encodes, checksums and
 * deflates each part as soon as the part pass is done with it, while the pass goes on with the
 * next ones. What it returns is what zip.ts would compute itself (the same zlib call, level and
 * bytes); a part changed after it was handed over, or one the worker never answered for (it
 * failed to start, say), is deflated by zip.ts as usual, so the worker can only save time.
 *
 * Starting a worker costs a few milliseconds of the main thread and a Node start-up on the other
 * core: worth it for a large deck only (index.ts of render/pptx decides), and started before
 * pptxgenjs runs, so that it is ready when the first part is.
 */
import { createRequire } from 'node:module';
import { DEFLATE_LEVEL, type Deflated, keptFromLastWrite, Twins } from './zip.js';

/** A batch is posted once it holds this many characters (or bytes): few messages, early start. */
const BATCH = 256 * 1024;

/**
 * The worker's code, evaluated (not a file: the CLI is one bundled file). One message is a batch
 * of parts' contents; the answer is each part's size, CRC-32 and deflated length, and the deflated
 * bytes of the whole batch in one transferred buffer.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { crc32, deflateRawSync } = require('node:zlib');
parentPort.on('message', (contents) => {
  const meta = [];
  const chunks = [];
  let total = 0;
  for (const content of contents) {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const deflated = deflateRawSync(data, { level: workerData.level });
    meta.push(data.length, crc32(data), deflated.length);
    chunks.push(deflated);
    total += deflated.length;
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  parentPort.postMessage({ meta, bytes }, [bytes.buffer]);
});
`;

export interface Deflater {
  /** Hands over a part's final content (text or bytes) to be deflated. */
  add(name: string, content: Uint8Array | string): void;
  /** Every part the worker deflated, once it has answered for all (or failed). */
  results(): Promise<Map<string, Deflated>>;
  /** Stops the worker; safe to call more than once, and before the results are in. */
  close(): void;
}

export function startDeflater(): Deflater {
  const done = new Map<string, Deflated>();
  /** Names and contents of the posted batches not yet answered, in order. */
  const waiting: Array<Array<[string, Uint8Array | string]>> = [];
  let batch: Array<[string, Uint8Array | string]> = [];
  /** Each part handed over before, by content; and the parts that are another's twin, never posted. */
  const twins = new Twins<string>();
  const copies: Array<{ name: string; twin: string; content: Uint8Array | string }> = [];
  let batched = 0;
  let failed = false;
  let closed = false;
  let settle: (() => void) | undefined;

  // required here, not imported: a deck too small for a worker does not load worker_threads at all
  const { Worker } = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { level: DEFLATE_LEVEL } });
  const stop = () => {
    failed = true;
    waiting.length = 0;
    settle?.();
  };
  worker.on('error', stop);
  worker.on('exit', stop);
  worker.on('message', ({ meta, bytes }: { meta: number[]; bytes: Uint8Array }) => {
    const parts = waiting.shift();
    if (!parts) return;
    let at = 0;
    parts.forEach(([name, content], i) => {
      const length = meta[3 * i + 2]!;
      done.set(name, { content, size: meta[3 * i]!, crc: meta[3 * i + 1]!, deflated: bytes.subarray(at, at + length) });
      at += length;
    });
    if (waiting.length === 0) settle?.();
  });

  const post = () => {
    if (batch.length === 0 || failed) return;
    waiting.push(batch);
    worker.postMessage(batch.map(([, content]) => content));
    batch = [];
    batched = 0;
  };

  return {
    add(name, content) {
      if (failed || keptFromLastWrite(name, content)) return;
      const twin = twins.find(content);
      if (twin !== undefined) {
        copies.push({ name, twin, content });
        return;
      }
      twins.add(content, name);
      batch.push([name, content]);
      batched += content.length;
      if (batched >= BATCH) post();
    },
    results() {
      post();
      const withCopies = () => {
        for (const { name, twin, content } of copies) {
          const deflated = done.get(twin);
          if (deflated) done.set(name, { ...deflated, content });
        }
        return done;
      };
      if (failed || waiting.length === 0) return Promise.resolve(withCopies());
      return new Promise((resolve) => (settle = () => resolve(withCopies())));
    },
    close() {
      if (closed) return;
      closed = true;
      failed = true;
      void worker.terminate();
    },
  };
}
