/**
 * The preview server of `brief watch`: serves the current page and a server-sent events stream
 * that tells the page when to reload and which errors to show. Loopback only: a briefing may be
 * confidential, and nothing else on the network has business reading it.
 */
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LiveMessage } from '../../render/html-protocol.js';

export const EVENTS_PATH = '/events';
const HOST = '127.0.0.1';

export interface PreviewServer {
  url: string;
  port: number;
  /** The page to serve from now on. */
  setPage(html: string): void;
  /** Sends a message to every open page, and to pages that connect later (the latest only). */
  publish(message: LiveMessage): void;
  close(): Promise<void>;
}

export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(`port ${port} is in use`);
  }
}

export async function startPreviewServer(port: number, initialPage: string): Promise<PreviewServer> {
  let page = initialPage;
  let last: LiveMessage | undefined;
  const clients = new Set<ServerResponse>();
  let actualPort = port;

  const send = (res: ServerResponse, message: LiveMessage): void => {
    res.write(`data: ${JSON.stringify(message)}\n\n`);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    // a web page elsewhere could point a DNS name at 127.0.0.1 (DNS rebinding): answer only to our own host names
    const host = (req.headers.host ?? '').toLowerCase();
    if (host !== `${HOST}:${actualPort}` && host !== `localhost:${actualPort}`) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('forbidden\n');
      return;
    }
    const url = new URL(req.url ?? '/', `http://${HOST}`);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (url.pathname === EVENTS_PATH) {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
      // reconnect quickly after a restart of brief watch
      res.write('retry: 500\n\n');
      if (last) send(res, last);
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    if (url.pathname === '/' || url.pathname === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      res.end(req.method === 'HEAD' ? undefined : page);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(e.code === 'EADDRINUSE' ? new PortInUseError(port) : e));
    server.listen(port, HOST, () => resolve());
  });
  actualPort = (server.address() as AddressInfo).port;

  return {
    url: `http://${HOST}:${actualPort}/`,
    port: actualPort,
    setPage(html) {
      page = html;
    },
    publish(message) {
      last = message;
      for (const res of clients) send(res, message);
    },
    close() {
      for (const res of clients) res.end();
      clients.clear();
      return new Promise((resolve) => {
        server.close(() => resolve());
        // event streams and keep-alive sockets would hold close() open
        server.closeAllConnections();
      });
    },
  };
}
