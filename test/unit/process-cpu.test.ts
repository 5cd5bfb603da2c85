import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cpuSeconds, descendantsCpuSeconds } from '../../bench/process-cpu';

/**
 * Starts `node` with a child of its own that burns 0.3 s of CPU time (measured as CPU time, not
 * wall-clock, so a busy machine only makes it slower), says so, and lives 10 s more at most.
 */
async function busyGrandchild() {
  const spin =
    "while ((process.cpuUsage().user + process.cpuUsage().system) < 300000); console.log('spun'); setTimeout(() => {}, 10000);";
  const child = spawn(process.execPath, [
    '-e',
    `const c = require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(spin)}], { stdio: ['ignore', 'inherit', 'ignore'] }); c.on('exit', () => process.exit()); process.on('SIGTERM', () => { c.kill(); process.exit(); });`,
  ]);
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('spun') && resolve());
    child.on('error', reject);
  });
  return child;
}

describe('descendantsCpuSeconds', () => {
  it('counts the CPU time of processes below the given one, however deep', async () => {
    const child = await busyGrandchild();
    try {
      const own = cpuSeconds(child.pid);
      const all = descendantsCpuSeconds(child.pid);
      // The grandchild used 0.3 s; the child itself next to nothing.
      expect(all - own).toBeGreaterThanOrEqual(0.25);
      expect(descendantsCpuSeconds(process.pid)).toBeGreaterThanOrEqual(all);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('is 0 for no process', () => {
    expect(descendantsCpuSeconds(undefined)).toBe(0);
    expect(descendantsCpuSeconds(2 ** 30)).toBe(0);
  });
});
