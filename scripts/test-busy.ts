/**
 * `npm run test:busy [-- runs]`: the whole of `npm test`, `runs` times in a row (3 by default),
 * while two busy processes keep both cores of a 2-core machine loaded. It shows that no test
 * depends on the machine's speed. Each run's output goes to a log file; the script prints each
 * run's result and duration, stops the load, and exits non-zero if any run failed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const BUSY_PROCESSES = 2;

const arg = process.argv[2] ?? process.env.TEST_BUSY_RUNS ?? '3';
const runs = Number(arg);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`The number of runs must be a whole number of at least 1 (got "${arg}").`);
  process.exit(2);
}

/**
 * A process that spins on one core until it is stopped. It also checks now and then that the
 * script that started it is still there, so no load outlives an interrupted run.
 */
function startBusy(): ChildProcess {
  const spin = `const parent = process.ppid; for (let i = 1; ; i++) if (i % 5e7 === 0 && process.ppid !== parent) process.exit(0);`;
  return spawn(process.execPath, ['-e', spin], { stdio: 'ignore' });
}

const busy: ChildProcess[] = [];
let current: ChildProcess | null = null;

function stopAll(): void {
  for (const child of busy) if (child.exitCode === null) child.kill('SIGKILL');
  // `npm test` and what it started (vitest, Chromium) share its process group.
  if (current?.pid && current.exitCode === null) {
    try {
      process.kill(-current.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
}
process.on('exit', stopAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    console.error(`\nInterrupted: the load and the test run are stopped.`);
    stopAll();
    process.exit(130);
  });
}

/** Runs `npm test` once with its output in `logFile`; resolves to its exit code. */
function runTests(logFile: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const log = createWriteStream(logFile);
    const child = spawn('npm', ['test'], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    current = child;
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      current = null;
      log.end(() => resolve(code ?? (signal ? 128 : 1)));
    });
  });
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(0)} s`;
const load = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');

/** The summary lines vitest prints ("Test Files", "Tests"), and the first failures, from a log. */
async function summary(logFile: string): Promise<string[]> {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the terminal's colour codes.
  const text = (await readFile(logFile, 'utf8')).replace(/\u001b\[[0-9;]*m/g, '');
  const lines = text.split('\n');
  const counts = lines.filter((l) => /^\s*(Test Files|Tests)\s/.test(l)).map((l) => l.trim());
  const failures = lines.filter((l) => /^\s*(FAIL|×)\s/.test(l)).map((l) => l.trim());
  const errors = lines.filter((l) => /^(npm error|Error:|error TS)/.test(l)).map((l) => l.trim());
  return [...counts, ...failures.slice(0, 10), ...errors.slice(0, 5)];
}

const logDir = await mkdtemp(join(tmpdir(), 'stepwise-test-busy-'));
console.log(
  `npm test, ${runs} time${runs === 1 ? '' : 's'}, beside ${BUSY_PROCESSES} busy processes ` +
    `(${availableParallelism()} cores here; load average ${load()} before). Logs: ${logDir}`,
);
for (let i = 0; i < BUSY_PROCESSES; i++) busy.push(startBusy());

const results: { run: number; ok: boolean; ms: number }[] = [];
for (let run = 1; run <= runs; run++) {
  const logFile = join(logDir, `run-${run}.log`);
  const started = performance.now();
  process.stdout.write(`run ${run}/${runs}: `);
  const code = await runTests(logFile);
  const ms = performance.now() - started;
  const ok = code === 0;
  results.push({ run, ok, ms });
  console.log(`${ok ? 'passed' : `FAILED (exit ${code})`} in ${seconds(ms)}, load average ${load()}`);
  for (const line of await summary(logFile)) console.log(`    ${line}`);
  if (!ok) console.log(`    full output: ${logFile}`);
}
stopAll();

const passed = results.filter((r) => r.ok).length;
const total = results.reduce((n, r) => n + r.ms, 0);
console.log(
  `\n${passed} of ${runs} runs passed under load (${results.map((r) => `${r.ok ? 'pass' : 'FAIL'} ${seconds(r.ms)}`).join(', ')}; ` +
    `${seconds(total)} in all). The busy processes are stopped.`,
);
process.exitCode = passed === runs ? 0 : 1;
