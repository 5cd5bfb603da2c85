/**
 * `npm run server` starts the team server; `npm run server -- init` creates a workspace and prints
 * its first admin token (once). Settings come from the environment (see server/config.ts and the
 * README): DATABASE_URL for PostgreSQL, otherwise the embedded database in DATA_DIR.
 */
import { parseArgs } from 'node:util';
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app';
import { createWorkspace } from './auth/tokens';
import { readConfig } from './config';
import { migrate } from './db/migrate';
import { openDatabase } from './db/open';

const USAGE = `Usage:
  npm run server                      start the server (PORT, HOST, DATABASE_URL or DATA_DIR, LOG_LEVEL…)
  npm run server -- init [--workspace NAME] [--admin NAME]
                                      create a workspace and print its first admin token (once)`;

async function init(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { workspace: { type: 'string', default: 'My team' }, admin: { type: 'string', default: 'Admin' } },
  });
  const config = readConfig();
  const database = await openDatabase(config);
  try {
    await migrate(database.scripts);
    const made = await createWorkspace(database.db, { name: values.workspace!, adminName: values.admin! });
    process.stdout.write(
      [
        `Workspace "${values.workspace}" created (${made.workspaceId}) in ${database.where}.`,
        '',
        'Admin token (shown only this once; keep it somewhere safe):',
        '',
        `  ${made.token}`,
        '',
        'Start the server with `npm run server`, then make tokens for your team:',
        '  curl -X POST http://HOST:PORT/v1/tokens -H "Authorization: Bearer <admin token>" \\',
        '       -H "Content-Type: application/json" -d \'{"name":"Jo","role":"member"}\'',
        '',
      ].join('\n'),
    );
  } finally {
    await database.close();
  }
}

async function start(): Promise<void> {
  const config = readConfig();
  const database = await openDatabase(config);
  const migrated = await migrate(database.scripts).catch(async (error) => {
    await database.close();
    throw error;
  });
  const app = await buildApp({ config, database });
  app.log.info(
    { database: database.kind, where: database.where, schema: migrated.current, applied: migrated.applied },
    'database ready',
  );
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'stopping after an error');
    else app.log.info({ signal }, 'stopping: finishing requests under way');
    await app.close();
  });
  await app.listen({ host: config.host, port: config.port });
}

const [command, ...rest] = process.argv.slice(2);
const run = command === 'init' ? init(rest) : command === undefined || command === 'start' ? start() : null;
if (!run) {
  process.stderr.write(`Unknown command "${command}".\n${USAGE}\n`);
  process.exitCode = 2;
} else {
  run.catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
