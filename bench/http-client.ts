/**
 * A light HTTP client for the server benchmark: node:http over kept-alive connections, the body
 * already serialised. The benchmark's clients share the machine's cores with the server and
 * PostgreSQL, where a team's browsers would not: `fetch` (undici) spent about 1.3 ms of CPU per
 * request here against 0.4 ms for node:http, CPU the server then did not get.
 */
import http from 'node:http';

export interface Answer {
  status: number;
  text: string;
}

/** Requests to one server over at most `connections` kept-alive connections. */
export class BenchClient {
  private readonly agent: http.Agent;

  constructor(
    private readonly base: string,
    connections: number,
    private readonly timeoutMs: number,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  }

  request(method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: Buffer): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        `${this.base}${path}`,
        {
          method,
          agent: this.agent,
          headers: body ? { ...headers, 'content-type': 'application/json', 'content-length': body.length } : headers,
          timeout: this.timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path} took longer than ${this.timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
