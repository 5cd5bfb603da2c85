/**
 * `npx tsx scripts/with-postgres.ts -- <command…>`: runs a command with DATABASE_URL pointing at a
 * throwaway PostgreSQL cluster (started on a free local port, removed afterwards). CI runs
 * `npm test` this way; so can anyone with PostgreSQL's binaries installed.
 */
import { spawn } from 'node:child_process';
import { startThrowawayPostgres } from '../server/dev/postgres';

const dash = process.argv.indexOf('--');
const command = dash === -1 ? process.argv.slice(2) : process.argv.slice(dash + 1);
if (!command.length) {
  console.error('Usage: npx tsx scripts/with-postgres.ts -- <command…>   (e.g. -- npm test)');
  process.exit(2);
}
const pg = await startThrowawayPostgres();
console.log(`PostgreSQL for this run: ${pg.url}`);
const child = spawn(command[0]!, command.slice(1), {
  stdio: 'inherit',
  env: { ...process.env, DATABASE_URL: pg.url },
});
const forward = (signal: NodeJS.Signals) => child.kill(signal);
process.on('SIGINT', forward);
process.on('SIGTERM', forward);
child.on('exit', (code, signal) => {
  pg.stop();
  process.exit(code ?? (signal ? 1 : 0));
});
