// `npm run bench`: measures the compiled bot on a throwaway embedded PostgreSQL and prints a
// Markdown table (paste it into the README). Loopback only; bounded in count and time.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
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

const twilio = require('twilio');

const SIGN_UPS = Number(process.env.BENCH_SIGN_UPS ?? 40);
const SMS_MESSAGES = Number(process.env.BENCH_SMS_MESSAGES ?? 200);
const CHECK_INS = Number(process.env.BENCH_CHECK_INS ?? 300);
const ACCOUNT_SID = `AC${'0'.repeat(32)}`;
const AUTH_TOKEN = '0123456789abcdef0123456789abcdef';
const PUBLIC_BASE_URL = 'https://bench.example.org';

/** The part of Twilio's Messages API the bot uses, on loopback; counts what it is sent. */
async function twilioStub() {
  const sent = [];
  let waiting = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      sent.push({ to: form.get('To'), at: performance.now() });
      waiting = waiting.filter((w) => !w(form.get('To')));
      res.writeHead(201, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({ sid: `SM${randomUUID().replace(/-/g, '')}`, status: 'queued', to: form.get('To') }),
      );
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    sent,
    url: `http://127.0.0.1:${server.address().port}`,
    /** Resolves when the next text to `to` arrives. */
    nextTo: (to) => new Promise((resolve) => waiting.push((t) => (t === to ? (resolve(), true) : false))),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
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
  const stub = await twilioStub();
  const config = loadConfig({
    DATABASE_URL: pg.url,
    DIRECT_LINE_SECRET: 'bench-secret-0123456789abcdef0123456789',
    LOG_LEVEL: 'error',
    PUBLIC_BASE_URL,
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_FROM: '+441632960000',
    TWILIO_API_BASE_URL: stub.url,
    CHECKIN_SCHEDULER_ENABLED: 'false',
    // Every simulated resident comes from loopback: lift the per-address limit on starting chats.
    RATE_LIMIT_PER_MINUTE: '100000',
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
  // SMS: a resident's text until Twilio has the answer. The webhook answers before the turn runs.
  const acks = [];
  const replies = [];
  for (let i = 0; i < SMS_MESSAGES; i++) {
    const phone = `+4477009${String(20000 + (i % 50)).padStart(5, '0')}`;
    const form = {
      AccountSid: ACCOUNT_SID,
      MessageSid: `SM${randomUUID().replace(/-/g, '')}`,
      From: phone,
      To: '+441632960000',
      Body: i % 2 ? 'Hello' : 'start over',
      NumMedia: '0',
    };
    const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_BASE_URL}/api/sms`, form);
    const replied = stub.nextTo(phone);
    const started = performance.now();
    const res = await fetch(`${base}/api/sms`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signature },
      body: new URLSearchParams(form).toString(),
    });
    await res.arrayBuffer();
    acks.push(performance.now() - started);
    await replied;
    replies.push(performance.now() - started);
  }
  rows.push(['SMS webhook answered (p50 / p95)', `${ms(pct(acks, 50))} / ${ms(pct(acks, 95))}`]);
  rows.push([
    'SMS text in to reply at Twilio (p50 / p95)',
    `${ms(pct(replies, 50))} / ${ms(pct(replies, 95))}`,
  ]);

  // Check-ins: due SMS residents, written straight to the database, sent by one scheduler.
  const due = new Date();
  const residents = Array.from({ length: CHECK_INS }, (_, i) => ({
    id: randomUUID(),
    phone: `+4477008${String(10000 + i).padStart(5, '0')}`,
  }));
  const at = new Date(due.getTime() - 90 * 86_400_000);
  await prisma.resident.createMany({
    data: residents.map(({ id, phone }) => ({
      id,
      firstName: 'Bench',
      lastName: 'Resident',
      dateOfBirth: new Date('1980-01-01'),
      postcode: 'BH1 1AA',
      addressLine1: '1 High Street',
      ethnicityGroup: 'PREFER_NOT_TO_SAY',
      ethnicity: 'PREFER_NOT_TO_SAY',
      phone,
      signUpChannel: 'sms',
      signedUpAt: at,
    })),
  });
  await prisma.consent.createMany({
    data: residents.map(({ id }) => ({
      residentId: id,
      statementVersion: 'bench',
      textSha256: '0'.repeat(64),
      channel: 'sms',
      grantedAt: at,
    })),
  });
  await prisma.assessment.createMany({
    data: residents.map(({ id }) => ({
      residentId: id,
      kind: 'BASELINE',
      heightCm: 170,
      weightKg: 80,
      bmi: 27.7,
      activeDays: 2,
      smokingStatus: 'NEVER',
      takenAt: at,
    })),
  });
  await prisma.channelIdentity.createMany({
    data: residents.map(({ id, phone }) => ({ residentId: id, channel: 'sms', address: phone })),
  });
  await prisma.checkIn.createMany({
    data: residents.map(({ id }) => ({ residentId: id, wave: 'MONTH_3', dueAt: due })),
  });
  // The window is the service's hours: measure at 10:00 on a weekday whatever the time now.
  const scheduler = createApp({
    config: {
      ...config,
      CHECKIN_SEND_DAYS: [1, 2, 3, 4, 5, 6, 7],
      CHECKIN_SEND_START: '00:00',
      CHECKIN_SEND_END: '23:59',
    },
    databaseUrl: pg.url,
    prisma,
    clock: systemClock,
    logger: createLogger('error'),
  });
  const sentBefore = stub.sent.length;
  t = performance.now();
  let ticks = 0;
  while (ticks++ < 100) {
    const report = await scheduler.scheduler.tick();
    if (report.sent + report.failed === 0) break;
  }
  const checkInSeconds = (performance.now() - t) / 1000;
  rows.push([
    `check-ins sent by one scheduler (${CHECK_INS} due)`,
    `${((stub.sent.length - sentBefore) / checkInSeconds).toFixed(0)} texts/s, ${stub.sent.length - sentBefore} sent`,
  ]);
  await scheduler.close();

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
  await stub.close();
  await prisma.$disconnect();
} finally {
  await pg.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
