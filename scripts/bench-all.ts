/**
 * `npm run bench`: every `bench:*` script in package.json, one after the other. Each prints its
 * own figures and writes its results file; this exits non-zero if any of them failed.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const { scripts = {} } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  scripts?: Record<string, string>;
};
const benches = Object.keys(scripts)
  .filter((name) => name.startsWith('bench:'))
  .sort();
const failed: string[] = [];
for (const name of benches) {
  console.log(`\n=== npm run ${name} ===`);
  const run = spawnSync('npm', ['run', '--silent', name], { stdio: 'inherit' });
  if (run.status !== 0) failed.push(name);
}
console.log(`\nRan ${benches.length} benchmarks: ${benches.join(', ')}.`);
if (failed.length) {
  console.error(`Failed: ${failed.join(', ')}`);
  process.exitCode = 1;
}
