// The small HTTP toolkit the demo and hostile sites are built on: one node:http server per site
// on 127.0.0.1 with an OS-chosen (or a given) port, a path → handler table, and a close() that
// returns at once even while a client still holds a connection open (a hanging page, a keep-alive
// socket).
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { escapeHtml } from '../html.js';

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => void;

export interface LocalServer {
  port: number;
  /** `http://127.0.0.1:<port>/` */
  url: string;
  close(): Promise<void>;
}

/** Serves `handler` on 127.0.0.1, on a port of its own: `port`, or one the OS chooses. */
export function listenLocal(handler: Handler, port = 0): Promise<LocalServer> {
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    try {
      handler(req, res, url);
    } catch (err) {
      // A bug in a site must show as a 500 page, not take the whole demo down.
      if (!res.headersSent) sendHtml(res, 500, `<!doctype html><title>500</title><pre>${escapeHtml(String(err))}</pre>`);
      else res.destroy();
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      let closing: Promise<void> | undefined;
      resolve({
        port,
        url: `http://127.0.0.1:${port}/`,
        close() {
          closing ??= new Promise<void>((done) => {
            server.close(() => done());
            // server.close() only waits for open connections; ending them is what makes it prompt.
            for (const socket of sockets) socket.destroy();
          });
          return closing;
        },
      });
    });
  });
}

/** A port on 127.0.0.1 that nothing listens on: bound by the OS, then released. */
export async function unusedPort(): Promise<number> {
  const probe = await listenLocal((_req, res) => res.end());
  await probe.close();
  return probe.port;
}

/** Dispatches on the exact path; anything else goes to `fallback`. */
export function routeTable(routes: Readonly<Record<string, Handler>>, fallback: Handler): Handler {
  return (req, res, url) => (routes[url.pathname] ?? fallback)(req, res, url);
}

export function sendHtml(res: http.ServerResponse, status: number, html: string, headers: http.OutgoingHttpHeaders = {}): void {
  sendBody(res, status, 'text/html; charset=utf-8', Buffer.from(html, 'utf8'), headers);
}

export function sendBody(
  res: http.ServerResponse,
  status: number,
  contentType: string,
  body: Buffer,
  headers: http.OutgoingHttpHeaders = {},
): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': body.length, 'cache-control': 'no-store', ...headers });
  res.end(body);
}

export function sendJson(res: http.ServerResponse, status: number, data: unknown): void {
  sendBody(res, status, 'application/json; charset=utf-8', Buffer.from(JSON.stringify(data), 'utf8'));
}

export function redirect(res: http.ServerResponse, location: string, status = 302): void {
  res.writeHead(status, { location, 'content-length': 0, 'cache-control': 'no-store' });
  res.end();
}

