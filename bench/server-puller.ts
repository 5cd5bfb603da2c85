/**
 * The members' pack pulls of `bench:server`'s paced phase, in a process of their own: members pull
 * from their own browsers, and in the pushing client's process a pull's answer waited behind the
 * pushes' own callbacks, which counted the client's delays as the server's. It pulls the current
 * packs with their ETag on a schedule from the phase's start and prints each pull's latency, from
 * when it was due, as one JSON line.
 *
 * Input: one JSON argument { urls, tokens, etag, rate, seconds, timeoutMs }. It prints `ready`, then
 * reads the phase's start (epoch ms) from its standard input.
 */
import { BenchClient } from './http-client';

const input = JSON.parse(process.argv[2] ?? '{}') as {
  urls: string[];
  tokens: string[];
  etag: string;
  rate: number;
  seconds: number;
  timeoutMs: number;
};
const clients = input.urls.map((url) => new BenchClient(url, 16, input.timeoutMs));
const now = () => performance.timeOrigin + performance.now();
const pull = (n: number) =>
  clients[n % clients.length]!.request('GET', '/v1/packs/current', {
    authorization: `Bearer ${input.tokens[n % input.tokens.length]!}`,
    'if-none-match': input.etag,
  });

process.stdout.write('ready\n');
let line = '';
for await (const chunk of process.stdin) line += String(chunk);
const startAt = Number(line.trim());
if (!Number.isFinite(startAt)) throw new Error(`no start time on standard input: "${line.trim()}"`);

const latencies: number[] = [];
const pending: Promise<void>[] = [];
const total = Math.floor(input.rate * input.seconds);
for (let n = 0; n < total; n++) {
  const due = startAt + (n * 1000) / input.rate;
  await new Promise((r) => setTimeout(r, Math.max(0, due - now())));
  pending.push(
    pull(n).then((res) => {
      if (res.status !== 304) throw new Error(`pull answered ${res.status}, not 304`);
      latencies.push(now() - due);
    }),
  );
}
await Promise.all(pending);
for (const c of clients) c.close();
process.stdout.write(`${JSON.stringify({ latencies })}\n`);
