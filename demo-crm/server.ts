/**
 * Serves Acme CRM on 127.0.0.1. Paths without a file extension get the app shell, so client-side
 * routes survive a reload. Run it alone with `npx tsx demo-crm/server.ts [port]`.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.pdf': 'application/pdf',
};

export interface DemoCrm {
  /** The app's base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

/** Starts the demo CRM on a free port (or `port`) on the loopback interface. */
export async function startDemoCrm({ port = 0, host = '127.0.0.1' } = {}): Promise<DemoCrm> {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    const file = extname(path) ? normalize(join(PUBLIC_DIR, path)) : join(PUBLIC_DIR, 'index.html');
    if (!file.startsWith(PUBLIC_DIR)) {
      res.writeHead(403).end('Forbidden');
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${actual}`,
    port: actual,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === normalize(process.argv[1])) {
  const crm = await startDemoCrm({ port: Number(process.argv[2] ?? 0) });
  console.log(`Acme CRM on ${crm.url}`);
}
