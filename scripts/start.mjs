// `npm start`: with no DATABASE_URL, starts the embedded PostgreSQL in EMBEDDED_PG_DIR (./data,
// created on first start and reused after); applies migrations; then runs the compiled bot.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { migrate, projectRoot, startEmbeddedPostgres } from './postgres.mjs';

const require = createRequire(import.meta.url);

let embedded;
let databaseUrl = process.env.DATABASE_URL?.trim();
if (!databaseUrl) {
  const dataDir = path.resolve(projectRoot, process.env.EMBEDDED_PG_DIR || './data');
  const port = Number(process.env.EMBEDDED_PG_PORT || 54329);
  embedded = await startEmbeddedPostgres({ dataDir, port });
  databaseUrl = embedded.url;
  console.log(`Embedded PostgreSQL running from ${dataDir} on port ${port}`);
}
await migrate(databaseUrl);

// Zero-setup default: a Direct Line secret generated once and kept beside the embedded database,
// so chat tokens and returning browsers' cookies survive a restart. Set DIRECT_LINE_SECRET in
// production (and for several instances).
if (!process.env.DIRECT_LINE_SECRET?.trim() && embedded) {
  const secretFile = path.resolve(
    projectRoot,
    process.env.EMBEDDED_PG_DIR || './data',
    '..',
    '.direct-line-secret',
  );
  if (!existsSync(secretFile)) {
    mkdirSync(path.dirname(secretFile), { recursive: true });
    writeFileSync(secretFile, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  process.env.DIRECT_LINE_SECRET = readFileSync(secretFile, 'utf8').trim();
}
process.env.DATABASE_URL = databaseUrl;

const { main } = require(path.join(projectRoot, 'dist', 'src', 'index.js'));
let app;
try {
  app = await main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await embedded?.stop();
  process.exit(1);
}

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  await app.close();
  await embedded?.stop();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
