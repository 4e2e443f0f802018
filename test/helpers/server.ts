// A throwaway HTTP server on 127.0.0.1 serving fixed pages, for tests.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

export async function servePages(pages: Record<string, string | { status: number; body: string; type?: string }>): Promise<TestServer> {
  const server = http.createServer((req, res) => {
    const page = pages[new URL(req.url ?? '/', 'http://x').pathname];
    const { status, body, type } = page === undefined ? { status: 404, body: '<h1>404 页面不存在</h1>' } : typeof page === 'string' ? { status: 200, body: page } : page;
    res.writeHead(status, { 'content-type': type ?? 'text/html; charset=utf-8' });
    res.end(body);
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
