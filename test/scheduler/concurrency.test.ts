import { ManualClock } from '../../src/domain/clock';
import { createPrisma, type PrismaClient } from '../../src/db/prisma';
import type { CheckInJob } from '../../src/scheduler/checkInScheduler';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { aScheduler, emptyTables, manyDueCheckIns, MINUTE, RecordingSender } from './builders';

// Two servers: two schedulers, each with its own PrismaClient (its own connection pool), on one database.
let db: TestDatabase;
let otherServer: PrismaClient;
beforeAll(async () => {
  db = await createTestDatabase();
  otherServer = createPrisma(db.url);
});
afterAll(async () => {
  await otherServer.$disconnect();
  await db.drop();
});
beforeEach(() => emptyTables(db.prisma));

const NOW = new Date('2026-06-02T09:00:00Z'); // Tuesday 10:00 BST, inside the window
const LEASE_MS = 10 * MINUTE;

/** Resolves on the next turn of the event loop: lets the other instance's queries interleave. */
const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A promise that never settles: a server that stops mid-send (killed, frozen, lost its network). */
const never = () => new Promise<void>(() => {});

test('two instances ticking at once send each of 1,000 due check-ins exactly once', async () => {
  const ids = await manyDueCheckIns(db.prisma, 1000, new Date(NOW.getTime() - MINUTE));
  const clock = new ManualClock(NOW);
  const delivered: { instance: string; job: CheckInJob }[] = [];
  const recordAs = (instance: string) =>
    new RecordingSender(async (job) => {
      await yieldToOthers();
      delivered.push({ instance, job });
    });
  const a = aScheduler(db.prisma, clock, { instanceId: 'server-a', sender: recordAs('a') });
  const b = aScheduler(otherServer, clock, { instanceId: 'server-b', sender: recordAs('b') });

  const reports = await Promise.all([
    a.scheduler.tick(),
    b.scheduler.tick(),
    a.scheduler.tick(),
    b.scheduler.tick(),
  ]);

  const sentIds = delivered.map((d) => d.job.checkInId);
  expect(sentIds).toHaveLength(1000);
  expect(new Set(sentIds).size).toBe(1000);
  expect([...sentIds].sort()).toEqual([...ids].sort());
  // Both servers did part of the work, or this would not test anything.
  expect(delivered.filter((d) => d.instance === 'a').length).toBeGreaterThan(0);
  expect(delivered.filter((d) => d.instance === 'b').length).toBeGreaterThan(0);
  expect(reports.reduce((sum, r) => sum + r.sent, 0)).toBe(1000);
  expect(reports.every((r) => r.failed === 0)).toBe(true);

  expect(await db.prisma.checkIn.count({ where: { status: 'SENT', sentAt: NOW, leasedBy: null } })).toBe(
    1000,
  );
  // And nothing is sent again on later ticks.
  clock.advance(MINUTE);
  await Promise.all([a.scheduler.tick(), b.scheduler.tick()]);
  expect(delivered).toHaveLength(1000);
});

test('a server killed mid-batch: the rest are sent by the other after its lease runs out', async () => {
  const ids = await manyDueCheckIns(db.prisma, 25, new Date(NOW.getTime() - MINUTE));
  const clock = new ManualClock(NOW);
  let killed!: () => void;
  const isKilled = new Promise<void>((resolve) => (killed = resolve));
  let attempts = 0;
  const dying = new RecordingSender(async () => {
    attempts += 1;
    if (attempts <= 3) return;
    killed();
    await never(); // the fourth send never completes, and the rest of the batch is never reached
  });
  const a = aScheduler(db.prisma, clock, { instanceId: 'server-a', sender: dying, leaseMs: LEASE_MS });
  const b = aScheduler(otherServer, clock, { instanceId: 'server-b', leaseMs: LEASE_MS });

  void a.scheduler.tick(); // never finishes
  await isKilled;
  expect(dying.checkIns).toHaveLength(3);

  // A's lease still holds: B leaves its check-ins alone.
  clock.advance(LEASE_MS - 1000);
  expect((await b.scheduler.tick()).sent).toBe(0);

  clock.advance(1000); // the lease runs out
  expect((await b.scheduler.tick()).sent).toBe(22);
  const all = [...dying.checkInIds, ...b.sender.checkInIds];
  expect(new Set(all).size).toBe(25);
  expect([...all].sort()).toEqual([...ids].sort());
  expect(await db.prisma.checkIn.count({ where: { status: 'SENT', leasedBy: null } })).toBe(25);
});

test('a lease taken and abandoned is honoured until it runs out', async () => {
  const ids = await manyDueCheckIns(db.prisma, 4, new Date(NOW.getTime() - MINUTE));
  const clock = new ManualClock(NOW);
  const { scheduler, sender } = aScheduler(db.prisma, clock, { leaseMs: LEASE_MS });
  await db.prisma.checkIn.updateMany({
    where: { id: { in: ids.slice(0, 2) } },
    data: { leasedBy: 'crashed-server#1', leaseUntil: new Date(NOW.getTime() + LEASE_MS) },
  });

  expect((await scheduler.tick()).sent).toBe(2);
  expect([...sender.checkInIds].sort()).toEqual(ids.slice(2).sort());
  clock.set(new Date(NOW.getTime() + LEASE_MS));
  expect((await scheduler.tick()).sent).toBe(2);
  expect([...sender.checkInIds].sort()).toEqual([...ids].sort());
});

test('a slow server whose lease ran out cannot record over the other, nor send the rest of its batch', async () => {
  await manyDueCheckIns(db.prisma, 3, new Date(NOW.getTime() - MINUTE));
  const clock = new ManualClock(NOW);
  let slowStarted!: () => void;
  const isSlow = new Promise<void>((resolve) => (slowStarted = resolve));
  let finishSlowSend!: () => void;
  const slow = new RecordingSender(async () => {
    if (slow.checkIns.length > 0) return;
    slowStarted();
    await new Promise<void>((resolve) => (finishSlowSend = resolve));
  });
  const a = aScheduler(db.prisma, clock, { instanceId: 'server-a', sender: slow, leaseMs: LEASE_MS });
  const b = aScheduler(otherServer, clock, { instanceId: 'server-b', leaseMs: LEASE_MS });

  const slowTick = a.scheduler.tick();
  await isSlow; // A is sending its first check-in and hangs
  clock.advance(LEASE_MS);
  const bSentAt = clock.now();
  expect((await b.scheduler.tick()).sent).toBe(3); // B takes over all three, including the one in flight

  clock.advance(MINUTE);
  finishSlowSend();
  const report = await slowTick;
  // A's in-flight message did go out (a duplicate no lease can prevent), but A neither records it
  // over B's record nor starts sending the two B has taken.
  expect(report.sent).toBe(1);
  expect(slow.checkIns).toHaveLength(1);
  expect(await db.prisma.checkIn.count({ where: { status: 'SENT', sentAt: bSentAt, leasedBy: null } })).toBe(
    3,
  );
  const events = a.logLines.map((l) => JSON.parse(l).event);
  expect(events.filter((e) => e === 'scheduler.lease_lost')).toHaveLength(1); // after its slow send
  expect(events.filter((e) => e === 'scheduler.skipped_before_send')).toHaveLength(2);
});
