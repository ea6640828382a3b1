// `npm run db:migration -- <name>`: writes prisma/migrations/<UTC timestamp>_<name>/migration.sql
// from the difference between the last committed schema and prisma/schema.prisma. The Prisma CLI
// connects through the driver adapter even to diff, so a throwaway embedded PostgreSQL is started.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { projectRoot, startEmbeddedPostgres } from './postgres.mjs';

const name = (process.argv[2] ?? '').replace(/[^a-z0-9_]/gi, '_').toLowerCase();
if (!name) {
  console.error('usage: npm run db:migration -- <name>');
  process.exit(2);
}
const tmp = mkdtempSync(path.join(os.tmpdir(), 'livewell-migration-'));
const previous = path.join(tmp, 'previous.prisma');
writeFileSync(previous, execFileSync('git', ['show', 'HEAD:prisma/schema.prisma'], { cwd: projectRoot }));
const port = await new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const { port: p } = s.address();
    s.close(() => resolve(p));
  });
});
// Its own folder: as root, PostgreSQL runs as a user of its own, which cannot enter `tmp` (0700).
const pgDir = mkdtempSync(path.join(os.tmpdir(), 'livewell-migration-pg-'));
const pg = await startEmbeddedPostgres({ dataDir: pgDir, port });
try {
  const sql = execFileSync(
    process.execPath,
    [
      path.join(projectRoot, 'node_modules/prisma/build/index.js'),
      'migrate',
      'diff',
      '--from-schema-datamodel',
      previous,
      '--to-schema-datamodel',
      'prisma/schema.prisma',
      '--script',
    ],
    {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: pg.url, CHECKPOINT_DISABLE: '1' },
      encoding: 'utf8',
    },
  );
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const dir = path.join(projectRoot, 'prisma', 'migrations', `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'migration.sql'), sql);
  console.log(`wrote ${path.relative(projectRoot, dir)}/migration.sql`);
} finally {
  await pg.stop();
  rmSync(tmp, { recursive: true, force: true });
  rmSync(pgDir, { recursive: true, force: true });
}
