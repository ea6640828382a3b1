// `npm run bench`: measures the compiled bot on a throwaway embedded PostgreSQL and prints a
// Markdown table (paste it into the README). Loopback only; bounded in count and time.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { migrate, projectRoot, startEmbeddedPostgres } from './postgres.mjs';

const require = createRequire(import.meta.url);
const { createApp } = require(path.join(projectRoot, 'dist/src/app.js'));
const { loadConfig } = require(path.join(projectRoot, 'dist/src/config.js'));
const { createPrisma } = require(path.join(projectRoot, 'dist/src/db/prisma.js'));
const { systemClock } = require(path.join(projectRoot, 'dist/src/domain/clock.js'));
const { createLogger } = require(path.join(projectRoot, 'dist/src/logger.js'));

const SIGN_UPS = Number(process.env.BENCH_SIGN_UPS ?? 40);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);

const SCRIPT = [
  "I'm new",
  'Yes, I consent',
  'Sam',
  'Smith',
  '12/03/1980',
  'BH1 1AA',
  '12 High Street',
  'White',
  '1',
  'sam@example.com',
  '07700 900123',
  "5'10",
  '12st 8lb',
  '3',
  'Yes, I smoke',
  '10',
  '6',
  'move more and lose weight',
  '1',
  "That's right",
];

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function signUp(base, turnTimes) {
  const { token } = await (await fetch(`${base}/webchat/token`, { method: 'POST' })).json();
  const conv = await (
    await fetch(`${base}/v3/directline/conversations`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
    })
  ).json();
  const headers = { Authorization: `Bearer ${conv.token}`, 'Content-Type': 'application/json' };
  for (const text of SCRIPT) {
    const started = performance.now();
    const res = await fetch(`${base}/v3/directline/conversations/${conv.conversationId}/activities`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ type: 'message', text }),
    });
    if (res.status !== 200) throw new Error(`turn failed: ${res.status}`);
    await res.arrayBuffer();
    turnTimes.push(performance.now() - started);
  }
}

const pct = (xs, p) =>
  xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const ms = (x) => `${x.toFixed(1)} ms`;

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'livewell-bench-'));
const pg = await startEmbeddedPostgres({ dataDir, port: await freePort() });
try {
  await migrate(pg.url);
  const config = loadConfig({
    DATABASE_URL: pg.url,
    DIRECT_LINE_SECRET: 'bench-secret-0123456789abcdef0123456789',
    LOG_LEVEL: 'error',
  });
  const prisma = createPrisma(pg.url);
  const app = createApp({
    config,
    databaseUrl: pg.url,
    prisma,
    clock: systemClock,
    logger: createLogger('error'),
  });
  const base = await app.listen(0, '127.0.0.1');
  const rows = [];

  // Warm up (JIT, connection pools), then one resident at a time.
  await signUp(base, []);
  const sequential = [];
  let t = performance.now();
  for (let i = 0; i < SIGN_UPS / 2; i++) await signUp(base, sequential);
  const seqSeconds = (performance.now() - t) / 1000;
  rows.push([
    'turn latency, one resident at a time (p50 / p95 / max)',
    `${ms(pct(sequential, 50))} / ${ms(pct(sequential, 95))} / ${ms(pct(sequential, 100))}`,
  ]);
  rows.push(['whole sign-up (20 turns), one at a time', ms((seqSeconds * 1000) / (SIGN_UPS / 2))]);

  // Several residents at once.
  const concurrent = [];
  t = performance.now();
  const queue = Array.from({ length: SIGN_UPS }, (_, i) => i);
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (queue.length) {
        queue.pop();
        await signUp(base, concurrent);
      }
    }),
  );
  const conSeconds = (performance.now() - t) / 1000;
  rows.push([
    `turn latency, ${CONCURRENCY} residents at once (p50 / p95 / max)`,
    `${ms(pct(concurrent, 50))} / ${ms(pct(concurrent, 95))} / ${ms(pct(concurrent, 100))}`,
  ]);
  rows.push([
    `throughput, ${CONCURRENCY} at once`,
    `${(concurrent.length / conSeconds).toFixed(0)} turns/s, ${(SIGN_UPS / conSeconds).toFixed(1)} sign-ups/s`,
  ]);
  global.gc?.();
  rows.push([
    'server memory after the run (RSS / heap used)',
    `${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB / ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`,
  ]);
  rows.push(['residents stored', String(await prisma.resident.count())]);

  console.log(
    `\nBenchmark, ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.version}, embedded PostgreSQL on loopback:\n`,
  );
  console.log('| measure | result |\n|---|---|');
  for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
  await app.close();
  await prisma.$disconnect();
} finally {
  await pg.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
