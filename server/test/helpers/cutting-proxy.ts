/**
 * A TCP proxy that cuts connections in the middle of the server's answer: the request reaches the
 * server whole (so it may well be applied), then the client gets half an answer and a reset.
 */
import { createServer, type Server, Socket } from 'node:net';
import { random } from './installation';

export interface CuttingProxy {
  url: string;
  /** Answers cut so far. */
  cuts: number;
  close(): Promise<void>;
}

/** Proxies 127.0.0.1:<free port> to `target`, cutting each answer with probability `rate`. */
export async function startCuttingProxy(target: string, rate: number, seed = 7): Promise<CuttingProxy> {
  const upstream = new URL(target);
  const rand = random(seed);
  const sockets = new Set<Socket>();
  const proxy: CuttingProxy & { server?: Server } = { url: '', cuts: 0, close: async () => undefined };
  const server = createServer((downstream) => {
    const up = new Socket();
    sockets.add(downstream).add(up);
    const done = () => {
      downstream.destroy();
      up.destroy();
      sockets.delete(downstream);
      sockets.delete(up);
    };
    up.connect(Number(upstream.port), upstream.hostname);
    downstream.pipe(up);
    up.on('data', (chunk: Buffer) => {
      if (rand() < rate) {
        proxy.cuts++;
        downstream.write(chunk.subarray(0, Math.floor(chunk.length / 2)));
        downstream.resetAndDestroy();
        up.destroy();
        return;
      }
      downstream.write(chunk);
    });
    up.on('end', () => downstream.end());
    up.on('error', done);
    downstream.on('error', done);
    up.on('close', done);
    downstream.on('close', done);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  proxy.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  proxy.close = () =>
    new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return proxy;
}
