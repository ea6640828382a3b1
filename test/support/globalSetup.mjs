// Starts one real PostgreSQL for the whole jest run (or uses DATABASE_URL), applies the
// migrations to a template database, and tells the test files where it is. Each test file
// then clones the template into a database of its own (test/support/db.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { migrate, startEmbeddedPostgres } from '../../scripts/postgres.mjs';

const TEMPLATE = 'livewell_test_template';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export default async function globalSetup() {
  let adminUrl;
  if (process.env.DATABASE_URL) {
    adminUrl = process.env.DATABASE_URL;
  } else {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'livewell-test-pg-'));
    const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), databaseName: 'postgres' });
    globalThis.__LIVEWELL_PG__ = { server, dataDir };
    adminUrl = server.adminUrl;
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE}`);
  await admin.query(`CREATE DATABASE ${TEMPLATE}`);
  await admin.end();
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${TEMPLATE}`;
  await migrate(templateUrl.toString());
  process.env.LIVEWELL_TEST_ADMIN_URL = adminUrl;
  process.env.LIVEWELL_TEST_TEMPLATE = TEMPLATE;
}

export async function teardown() {
  const running = globalThis.__LIVEWELL_PG__;
  if (!running) return;
  await running.server.stop();
  rmSync(running.dataDir, { recursive: true, force: true });
}
