import { ManualClock } from '../../src/domain/clock';
import {
  CheckInScheduler,
  CheckInUndeliverable,
  type SchedulerTimers,
} from '../../src/scheduler/checkInScheduler';
import { formatDueTable } from '../../src/scheduler/dueCheckIns';
import { SendWindow } from '../../src/scheduler/sendWindow';
import { memoryLogger } from '../../src/logger';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { aResident, aScheduler, DAY, emptyTables, MINUTE, RecordingSender } from './builders';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());
beforeEach(() => emptyTables(db.prisma));

const at = (iso: string) => new Date(iso);
// Signed up Monday 2 March 2026, 10:00 GMT: the 3-month check-in is due Tuesday 2 June, 10:00 BST.
const SIGNED_UP = at('2026-03-02T10:00:00Z');
const MONTH_3_DUE = at('2026-06-02T09:00:00Z');

const checkIn = (id: string) => db.prisma.checkIn.findUniqueOrThrow({ where: { id } });

describe('sending a due check-in', () => {
  test('sends it once, at its due time, with what the sender needs, and marks it sent', async () => {
    const clock = new ManualClock(new Date(MONTH_3_DUE.getTime() - 1000));
    const { scheduler, sender } = aScheduler(db.prisma, clock);
    const sam = await aResident(db.prisma, { firstName: 'Sam', signedUpAt: SIGNED_UP });

    expect(await scheduler.tick()).toEqual({ sent: 0, reminded: 0, missed: 0, cancelled: 0, failed: 0 });
    clock.set(MONTH_3_DUE);
    expect(await scheduler.tick()).toEqual({ sent: 1, reminded: 0, missed: 0, cancelled: 0, failed: 0 });
    clock.advance(MINUTE);
    expect((await scheduler.tick()).sent).toBe(0);

    expect(sender.checkIns).toEqual([
      {
        checkInId: sam.checkIns.MONTH_3,
        residentId: sam.residentId,
        wave: 'MONTH_3',
        dueAt: MONTH_3_DUE,
        firstName: 'Sam',
        identities: [
          { channel: 'sms', address: sam.phone, conversationRef: { conversation: { id: sam.phone } } },
        ],
      },
    ]);
    expect(await checkIn(sam.checkIns.MONTH_3)).toMatchObject({
      status: 'SENT',
      sentAt: MONTH_3_DUE,
      leasedBy: null,
      leaseUntil: null,
    });
    expect(await checkIn(sam.checkIns.MONTH_6)).toMatchObject({ status: 'SCHEDULED', sentAt: null });
  });

  test('one due at the weekend waits for Monday 09:00', async () => {
    const saturday = at('2026-06-06T10:00:00Z');
    const clock = new ManualClock(saturday);
    const { scheduler, sender } = aScheduler(db.prisma, clock);
    const { checkIns } = await aResident(db.prisma, { checkIns: [{ wave: 'MONTH_3', dueAt: saturday }] });

    for (const instant of ['2026-06-06T10:00:00Z', '2026-06-07T12:00:00Z', '2026-06-08T07:59:59Z']) {
      clock.set(at(instant));
      expect((await scheduler.tick()).sent).toBe(0);
    }
    clock.set(at('2026-06-08T08:00:00Z')); // Monday 09:00 BST
    expect((await scheduler.tick()).sent).toBe(1);
    expect(sender.checkInIds).toEqual([checkIns.MONTH_3]);
    expect((await checkIn(checkIns.MONTH_3)).sentAt).toEqual(at('2026-06-08T08:00:00Z'));
  });

  test('a sign-up on 29 February 2028 is first checked in on the day after the Spring bank holiday', async () => {
    const due = at('2028-05-29T09:00:00Z'); // Monday 29 May 2028, 10:00 BST: a bank holiday
    const clock = new ManualClock(due);
    const { scheduler, sender } = aScheduler(db.prisma, clock);
    const { checkIns } = await aResident(db.prisma, { signedUpAt: at('2028-02-29T10:00:00Z') });
    expect((await checkIn(checkIns.MONTH_3)).dueAt).toEqual(due);

    expect((await scheduler.tick()).sent).toBe(0);
    clock.set(at('2028-05-30T07:59:00Z'));
    expect((await scheduler.tick()).sent).toBe(0);
    clock.set(at('2028-05-30T08:00:00Z')); // Tuesday 09:00 BST
    expect((await scheduler.tick()).sent).toBe(1);
    expect(sender.checkInIds).toEqual([checkIns.MONTH_3]);
  });

  test('claims in batches until every due check-in is sent, earliest first', async () => {
    const clock = new ManualClock(MONTH_3_DUE);
    const { scheduler, sender } = aScheduler(db.prisma, clock, { batchSize: 2 });
    const ids: string[] = [];
    for (let i = 5; i >= 1; i -= 1) {
      const { checkIns } = await aResident(db.prisma, {
        checkIns: [{ wave: 'MONTH_3', dueAt: new Date(MONTH_3_DUE.getTime() - i * MINUTE) }],
      });
      ids.push(checkIns.MONTH_3);
    }
    expect((await scheduler.tick()).sent).toBe(5);
    expect(sender.checkInIds).toEqual(ids);
  });

  test('a failed send frees the check-in for the next tick, not this one, and logs no personal data', async () => {
    const clock = new ManualClock(MONTH_3_DUE);
    let attempts = 0;
    const sender = new RecordingSender(async (job) => {
      if (job.firstName !== 'Failing') return;
      attempts += 1;
      if (attempts === 1) throw new Error(`Twilio refused ${job.identities[0].address}`);
    });
    const { scheduler, logLines } = aScheduler(db.prisma, clock, { sender, batchSize: 1 });
    const failing = await aResident(db.prisma, {
      firstName: 'Failing',
      checkIns: [{ wave: 'MONTH_3', dueAt: new Date(MONTH_3_DUE.getTime() - MINUTE) }],
    });
    const fine = await aResident(db.prisma, { checkIns: [{ wave: 'MONTH_3', dueAt: MONTH_3_DUE }] });

    expect(await scheduler.tick()).toMatchObject({ sent: 1, failed: 1 });
    expect(attempts).toBe(1);
    expect(sender.checkInIds).toEqual([fine.checkIns.MONTH_3]);
    expect(await checkIn(failing.checkIns.MONTH_3)).toMatchObject({
      status: 'SCHEDULED',
      leasedBy: null,
      leaseUntil: null,
    });
    const failure = logLines.map((l) => JSON.parse(l)).find((l) => l.event === 'scheduler.send_failed');
    expect(failure).toMatchObject({
      level: 'error',
      checkInId: failing.checkIns.MONTH_3,
      errorType: 'Error',
    });
    expect(logLines.join('\n')).not.toContain(failing.phone);
    expect(logLines.join('\n')).not.toContain('Failing');

    clock.advance(MINUTE);
    expect(await scheduler.tick()).toMatchObject({ sent: 1, failed: 0 });
    expect(sender.checkInIds).toEqual([fine.checkIns.MONTH_3, failing.checkIns.MONTH_3]);
  });

  test('a sender that reports a check-in undeliverable cancels it instead of retrying', async () => {
    const clock = new ManualClock(MONTH_3_DUE);
    const sender = new RecordingSender(async () => {
      throw new CheckInUndeliverable('unsubscribed recipient');
    });
    const { scheduler } = aScheduler(db.prisma, clock, { sender });
    const { checkIns } = await aResident(db.prisma, { signedUpAt: SIGNED_UP });
    expect(await scheduler.tick()).toMatchObject({ sent: 0, failed: 0, cancelled: 1 });
    expect(await checkIn(checkIns.MONTH_3)).toMatchObject({
      status: 'CANCELLED',
      closedReason: 'undeliverable',
    });
    expect((await checkIn(checkIns.MONTH_6)).status).toBe('SCHEDULED');
  });
});

describe('reminders and expiry', () => {
  test('one reminder 3 days after sending with no reply, exactly once', async () => {
    const clock = new ManualClock(MONTH_3_DUE);
    const { scheduler, sender } = aScheduler(db.prisma, clock);
    const { checkIns } = await aResident(db.prisma, { signedUpAt: SIGNED_UP });
    await scheduler.tick();

    clock.set(new Date(MONTH_3_DUE.getTime() + 3 * DAY - MINUTE));
    expect((await scheduler.tick()).reminded).toBe(0);
    clock.set(new Date(MONTH_3_DUE.getTime() + 3 * DAY)); // Friday 5 June, 10:00 BST
    expect((await scheduler.tick()).reminded).toBe(1);
    for (const later of [MINUTE, DAY, 3 * DAY]) {
      clock.set(new Date(MONTH_3_DUE.getTime() + 3 * DAY + later));
      expect((await scheduler.tick()).reminded).toBe(0);
    }

    expect(sender.reminders.map((job) => job.checkInId)).toEqual([checkIns.MONTH_3]);
    expect(sender.checkIns).toHaveLength(1);
    expect(await checkIn(checkIns.MONTH_3)).toMatchObject({
      status: 'REMINDED',
      sentAt: MONTH_3_DUE,
      remindedAt: new Date(MONTH_3_DUE.getTime() + 3 * DAY),
      leasedBy: null,
    });
  });

  test('a reminder due on Saturday waits for Monday', async () => {
    const wednesday = at('2026-06-03T09:00:00Z');
    const clock = new ManualClock(wednesday);
    const { scheduler, sender } = aScheduler(db.prisma, clock);
    await aResident(db.prisma, { checkIns: [{ wave: 'MONTH_3', dueAt: wednesday }] });
    await scheduler.tick();
    clock.set(at('2026-06-06T09:00:00Z'));
    expect((await scheduler.tick()).reminded).toBe(0);
    clock.set(at('2026-06-08T08:00:00Z'));
    expect((await scheduler.tick()).reminded).toBe(1);
    expect(sender.reminders).toHaveLength(1);
  });

  test('unanswered for 14 days: marked missed, not reminded late, and the next wave is still sent', async () => {
    const clock = new ManualClock(MONTH_3_DUE);
    const { scheduler, sender } = aScheduler(db.prisma, clock);
    const { checkIns } = await aResident(db.prisma, { signedUpAt: SIGNED_UP });
    await scheduler.tick();

    clock.set(new Date(MONTH_3_DUE.getTime() + 14 * DAY - MINUTE));
    await scheduler.tick(); // the reminder
    clock.set(new Date(MONTH_3_DUE.getTime() + 14 * DAY));
    expect(await scheduler.tick()).toEqual({ sent: 0, reminded: 0, missed: 1, cancelled: 0, failed: 0 });
    expect(await checkIn(checkIns.MONTH_3)).toMatchObject({ status: 'MISSED', closedReason: 'no_reply' });
    expect(await checkIn(checkIns.MONTH_6)).toMatchObject({ status: 'SCHEDULED' });

    clock.set((await checkIn(checkIns.MONTH_6)).dueAt); // Wednesday 2 September, 10:00 BST
    expect((await scheduler.tick()).sent).toBe(1);
    expect(sender.checkInIds).toEqual([checkIns.MONTH_3, checkIns.MONTH_6]);
    expect(await checkIn(checkIns.MONTH_6)).toMatchObject({ status: 'SENT' });
    expect(await checkIn(checkIns.MONTH_3)).toMatchObject({ status: 'MISSED' });
  });

  test('sent and never ticked again until after expiry: missed without a reminder', async () => {
    const clock = new ManualClock(MONTH_3_DUE);
    const { scheduler, sender } = aScheduler(db.prisma, clock);
    const { checkIns } = await aResident(db.prisma, { signedUpAt: SIGNED_UP });
    await scheduler.tick();
    clock.set(new Date(MONTH_3_DUE.getTime() + 15 * DAY));
    expect(await scheduler.tick()).toMatchObject({ missed: 1, reminded: 0 });
    expect(sender.reminders).toHaveLength(0);
    expect((await checkIn(checkIns.MONTH_3)).status).toBe('MISSED');
  });

  test('after downtime: due ones inside the expiry are sent, older ones missed, waiting ones reminded', async () => {
    const now = MONTH_3_DUE;
    const ago = (days: number) => new Date(now.getTime() - days * DAY);
    const clock = new ManualClock(now);
    const { scheduler, sender } = aScheduler(db.prisma, clock);
    const one = (spec: Parameters<typeof aResident>[1]) =>
      aResident(db.prisma, spec).then((r) => r.checkIns.MONTH_3);
    const dueYesterday = await one({ checkIns: [{ wave: 'MONTH_3', dueAt: ago(1) }] });
    const due13DaysAgo = await one({ checkIns: [{ wave: 'MONTH_3', dueAt: ago(13) }] });
    const due14DaysAgo = await one({ checkIns: [{ wave: 'MONTH_3', dueAt: ago(14) }] });
    const due40DaysAgo = await one({ checkIns: [{ wave: 'MONTH_3', dueAt: ago(40) }] });
    const sent5DaysAgo = await one({
      checkIns: [{ wave: 'MONTH_3', dueAt: ago(5), status: 'SENT', sentAt: ago(5) }],
    });
    const sent20DaysAgo = await one({
      checkIns: [
        { wave: 'MONTH_3', dueAt: ago(20), status: 'REMINDED', sentAt: ago(20), remindedAt: ago(17) },
      ],
    });

    expect(await scheduler.tick()).toEqual({ sent: 2, reminded: 1, missed: 3, cancelled: 0, failed: 0 });
    expect(sender.checkInIds.sort()).toEqual([dueYesterday, due13DaysAgo].sort());
    expect(sender.reminders.map((job) => job.checkInId)).toEqual([sent5DaysAgo]);
    expect(await checkIn(due14DaysAgo)).toMatchObject({ status: 'MISSED', closedReason: 'expired_unsent' });
    expect(await checkIn(due40DaysAgo)).toMatchObject({ status: 'MISSED', closedReason: 'expired_unsent' });
    expect(await checkIn(sent20DaysAgo)).toMatchObject({ status: 'MISSED', closedReason: 'no_reply' });
  });

  test('outside the window nothing is sent, but expiry and cancellation still happen', async () => {
    const saturday = at('2026-06-06T10:00:00Z');
    const clock = new ManualClock(saturday);
    const { scheduler, sender } = aScheduler(db.prisma, clock);
    const due = await aResident(db.prisma, { checkIns: [{ wave: 'MONTH_3', dueAt: saturday }] });
    const old = await aResident(db.prisma, {
      checkIns: [{ wave: 'MONTH_3', dueAt: new Date(saturday.getTime() - 20 * DAY) }],
    });
    const withdrawn = await aResident(db.prisma, {
      consent: 'withdrawn',
      checkIns: [{ wave: 'MONTH_3', dueAt: saturday }],
    });
    expect(await scheduler.tick()).toEqual({ sent: 0, reminded: 0, missed: 1, cancelled: 1, failed: 0 });
    expect(sender.checkIns).toHaveLength(0);
    expect((await checkIn(due.checkIns.MONTH_3)).status).toBe('SCHEDULED');
    expect((await checkIn(old.checkIns.MONTH_3)).status).toBe('MISSED');
    expect((await checkIn(withdrawn.checkIns.MONTH_3)).status).toBe('CANCELLED');
  });
});

describe('consent and opt-outs', () => {
  test('withdrawn consent: every open wave cancelled, nothing ever sent', async () => {
    const clock = new ManualClock(MONTH_3_DUE);
    const { scheduler, sender } = aScheduler(db.prisma, clock);
    const { checkIns } = await aResident(db.prisma, { signedUpAt: SIGNED_UP, consent: 'withdrawn' });

    expect(await scheduler.tick()).toMatchObject({ sent: 0, cancelled: 3 });
    for (const id of Object.values(checkIns)) {
      expect(await checkIn(id)).toMatchObject({ status: 'CANCELLED', closedReason: 'consent_withdrawn' });
    }
    clock.set(new Date(MONTH_3_DUE.getTime() + 400 * DAY));
    await scheduler.tick();
    expect(sender.checkIns).toHaveLength(0);
  });

  test('consent withdrawn after the check-in was sent: cancelled, no reminder', async () => {
    const clock = new ManualClock(MONTH_3_DUE);
    const { scheduler, sender } = aScheduler(db.prisma, clock);
    const { residentId, checkIns } = await aResident(db.prisma, { signedUpAt: SIGNED_UP });
    await scheduler.tick();
    await db.prisma.consent.updateMany({ where: { residentId }, data: { withdrawnAt: clock.now() } });
    clock.advance(3 * DAY);
    expect(await scheduler.tick()).toMatchObject({ reminded: 0, cancelled: 3 });
    expect(sender.reminders).toHaveLength(0);
    expect(await checkIn(checkIns.MONTH_3)).toMatchObject({
      status: 'CANCELLED',
      closedReason: 'consent_withdrawn',
    });
  });

  test('the latest consent counts: withdrawn then given again is sent; no consent at all is cancelled', async () => {
    const clock = new ManualClock(MONTH_3_DUE);
    const { scheduler, sender } = aScheduler(db.prisma, clock);
    const regranted = await aResident(db.prisma, { signedUpAt: SIGNED_UP, consent: 'regranted' });
    const none = await aResident(db.prisma, { signedUpAt: SIGNED_UP, consent: 'none' });
    expect(await scheduler.tick()).toMatchObject({ sent: 1, cancelled: 3 });
    expect(sender.checkInIds).toEqual([regranted.checkIns.MONTH_3]);
    expect(await checkIn(none.checkIns.MONTH_3)).toMatchObject({
      status: 'CANCELLED',
      closedReason: 'no_consent',
    });
  });

  test('an opted-out number with no other route: cancelled, never sent; later waves wait', async () => {
    const clock = new ManualClock(MONTH_3_DUE);
    const { scheduler, sender, optOuts } = aScheduler(db.prisma, clock);
    const { phone, checkIns } = await aResident(db.prisma, { signedUpAt: SIGNED_UP });
    optOuts.numbers.add(phone);
    expect(await scheduler.tick()).toMatchObject({ sent: 0, cancelled: 1 });
    expect(sender.checkIns).toHaveLength(0);
    expect(await checkIn(checkIns.MONTH_3)).toMatchObject({ status: 'CANCELLED', closedReason: 'opted_out' });
    // Opting out can be undone (START): the next wave is decided when it falls due.
    expect((await checkIn(checkIns.MONTH_6)).status).toBe('SCHEDULED');
    optOuts.numbers.delete(phone);
    clock.set((await checkIn(checkIns.MONTH_6)).dueAt);
    expect((await scheduler.tick()).sent).toBe(1);
  });

  test('opted out on SMS but known on web chat: sent on web chat only', async () => {
    const clock = new ManualClock(MONTH_3_DUE);
    const { scheduler, sender, optOuts } = aScheduler(db.prisma, clock);
    const phone = '+447700900999';
    await aResident(db.prisma, {
      signedUpAt: SIGNED_UP,
      phone,
      identities: [
        { channel: 'sms', address: phone },
        { channel: 'directline', address: 'dl_user-123' },
      ],
    });
    optOuts.numbers.add(phone);
    expect((await scheduler.tick()).sent).toBe(1);
    expect(sender.checkIns[0].identities).toEqual([
      {
        channel: 'directline',
        address: 'dl_user-123',
        conversationRef: { conversation: { id: 'dl_user-123' } },
      },
    ]);
  });

  test('opted out after the check-in was sent: cancelled, no reminder', async () => {
    const clock = new ManualClock(MONTH_3_DUE);
    const { scheduler, sender, optOuts } = aScheduler(db.prisma, clock);
    const { phone, checkIns } = await aResident(db.prisma, { signedUpAt: SIGNED_UP });
    await scheduler.tick();
    optOuts.numbers.add(phone);
    clock.advance(3 * DAY);
    expect(await scheduler.tick()).toMatchObject({ reminded: 0, cancelled: 1 });
    expect(sender.reminders).toHaveLength(0);
    expect(await checkIn(checkIns.MONTH_3)).toMatchObject({ status: 'CANCELLED', closedReason: 'opted_out' });
  });

  test('an opt-out list that cannot be read stops sending rather than risk it', async () => {
    const clock = new ManualClock(MONTH_3_DUE);
    const { scheduler, sender } = aScheduler(db.prisma, clock, {
      optOuts: {
        isOptedOut: async () => {
          throw new Error('database unavailable');
        },
      },
    });
    const { checkIns } = await aResident(db.prisma, { signedUpAt: SIGNED_UP });
    await expect(scheduler.tick()).rejects.toThrow('database unavailable');
    expect(sender.checkIns).toHaveLength(0);
    expect(await checkIn(checkIns.MONTH_3)).toMatchObject({ status: 'SCHEDULED', leasedBy: null });
  });

  test('a resident with no channel identity left is cancelled', async () => {
    const clock = new ManualClock(MONTH_3_DUE);
    const { scheduler, sender } = aScheduler(db.prisma, clock);
    const { checkIns } = await aResident(db.prisma, { signedUpAt: SIGNED_UP, identities: [] });
    expect(await scheduler.tick()).toMatchObject({ sent: 0, cancelled: 1 });
    expect(sender.checkIns).toHaveLength(0);
    expect(await checkIn(checkIns.MONTH_3)).toMatchObject({
      status: 'CANCELLED',
      closedReason: 'no_channel',
    });
  });
});

describe("the resident's answers", () => {
  test('completed: no reminder and no expiry afterwards', async () => {
    const clock = new ManualClock(MONTH_3_DUE);
    const { scheduler, sender } = aScheduler(db.prisma, clock);
    const { checkIns } = await aResident(db.prisma, { signedUpAt: SIGNED_UP });
    await scheduler.tick();
    clock.advance(DAY);
    expect(await scheduler.markCompleted(checkIns.MONTH_3)).toBe(true);
    expect(await checkIn(checkIns.MONTH_3)).toMatchObject({ status: 'COMPLETED', completedAt: clock.now() });
    clock.advance(20 * DAY);
    expect(await scheduler.tick()).toMatchObject({ reminded: 0, missed: 0 });
    expect(sender.reminders).toHaveLength(0);
    expect(await scheduler.markCompleted(checkIns.MONTH_3)).toBe(false);
  });

  test('a late answer completes a missed check-in; a cancelled one stays cancelled', async () => {
    const clock = new ManualClock(MONTH_3_DUE);
    const { scheduler } = aScheduler(db.prisma, clock);
    const late = await aResident(db.prisma, {
      checkIns: [{ wave: 'MONTH_3', dueAt: MONTH_3_DUE, status: 'MISSED', closedReason: 'no_reply' }],
    });
    const stopped = await aResident(db.prisma, {
      checkIns: [{ wave: 'MONTH_3', dueAt: MONTH_3_DUE, status: 'CANCELLED' }],
    });
    expect(await scheduler.markCompleted(late.checkIns.MONTH_3)).toBe(true);
    expect(await checkIn(late.checkIns.MONTH_3)).toMatchObject({ status: 'COMPLETED', closedReason: null });
    expect(await scheduler.markCompleted(stopped.checkIns.MONTH_3)).toBe(false);
    await expect(scheduler.markCompleted('not-an-id')).rejects.toThrow(RangeError);
  });

  test('"not now": one reminder 3 days later, and the expiry counts from then', async () => {
    const clock = new ManualClock(MONTH_3_DUE);
    const { scheduler, sender } = aScheduler(db.prisma, clock);
    const { checkIns } = await aResident(db.prisma, { signedUpAt: SIGNED_UP });
    await scheduler.tick(); // sent Tuesday 2 June
    clock.advance(2 * DAY); // Thursday
    expect(await scheduler.postpone(checkIns.MONTH_3)).toBe(true);
    const postponedAt = clock.now();

    clock.set(new Date(MONTH_3_DUE.getTime() + 3 * DAY)); // Friday: when the first reminder would have been
    expect((await scheduler.tick()).reminded).toBe(0);
    clock.set(new Date(postponedAt.getTime() + 3 * DAY)); // Sunday: due, but the window is closed
    expect((await scheduler.tick()).reminded).toBe(0);
    clock.set(new Date(postponedAt.getTime() + 4 * DAY)); // Monday
    expect((await scheduler.tick()).reminded).toBe(1);
    clock.advance(DAY);
    expect((await scheduler.tick()).reminded).toBe(0);
    expect(sender.reminders).toHaveLength(1);

    clock.set(new Date(postponedAt.getTime() + 14 * DAY - MINUTE));
    expect((await scheduler.tick()).missed).toBe(0);
    clock.set(new Date(postponedAt.getTime() + 14 * DAY));
    expect((await scheduler.tick()).missed).toBe(1);
  });

  test('"not now" only applies to a check-in waiting for a reply', async () => {
    const clock = new ManualClock(MONTH_3_DUE);
    const { scheduler } = aScheduler(db.prisma, clock);
    const { checkIns } = await aResident(db.prisma, { signedUpAt: SIGNED_UP });
    expect(await scheduler.postpone(checkIns.MONTH_6)).toBe(false);
    expect((await checkIn(checkIns.MONTH_6)).status).toBe('SCHEDULED');
  });

  test('"stop check-ins": the remaining waves are cancelled and it is audited without personal values', async () => {
    const clock = new ManualClock(MONTH_3_DUE);
    const { scheduler, sender } = aScheduler(db.prisma, clock);
    const { residentId, phone, checkIns } = await aResident(db.prisma, {
      firstName: 'Philippa',
      signedUpAt: SIGNED_UP,
    });
    await scheduler.tick();
    await scheduler.markCompleted(checkIns.MONTH_3);
    expect(await scheduler.cancelRemaining(residentId)).toBe(2);

    expect((await checkIn(checkIns.MONTH_3)).status).toBe('COMPLETED');
    for (const wave of ['MONTH_6', 'MONTH_12']) {
      expect(await checkIn(checkIns[wave])).toMatchObject({
        status: 'CANCELLED',
        closedReason: 'resident_stopped',
      });
    }
    const events = await db.prisma.auditEvent.findMany();
    expect(events).toEqual([
      expect.objectContaining({
        actor: `resident:${residentId}`,
        action: 'checkins.stopped',
        entity: 'Resident',
        entityId: residentId,
        at: clock.now(),
        details: { cancelled: 2, reason: 'resident_stopped' },
      }),
    ]);
    expect(JSON.stringify(events, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).not.toMatch(
      new RegExp(`Philippa|\\${phone}`),
    );

    clock.set(new Date(MONTH_3_DUE.getTime() + 400 * DAY));
    await scheduler.tick();
    expect(sender.checkIns).toHaveLength(1);
  });

  test('"stop check-ins" takes a reason code, never free text', async () => {
    const { scheduler } = aScheduler(db.prisma, new ManualClock(MONTH_3_DUE));
    const { residentId } = await aResident(db.prisma, { signedUpAt: SIGNED_UP });
    await expect(scheduler.cancelRemaining(residentId, 'Sam said stop texting 07700 900123')).rejects.toThrow(
      RangeError,
    );
    expect(await db.prisma.checkIn.count({ where: { status: 'CANCELLED' } })).toBe(0);
  });
});

describe('the operators’ list', () => {
  test('lists check-ins due within N days and every overdue or waiting one, without names', async () => {
    const now = at('2026-06-02T09:00:00Z');
    const clock = new ManualClock(now);
    const { scheduler } = aScheduler(db.prisma, clock);
    const inDays = (days: number) => new Date(now.getTime() + days * DAY);
    const overdue = await aResident(db.prisma, {
      firstName: 'Overdue',
      checkIns: [{ wave: 'MONTH_3', dueAt: inDays(-2) }],
    });
    const waiting = await aResident(db.prisma, {
      checkIns: [{ wave: 'MONTH_6', dueAt: inDays(-1), status: 'SENT', sentAt: inDays(-1) }],
    });
    const soon = await aResident(db.prisma, { checkIns: [{ wave: 'MONTH_12', dueAt: inDays(6) }] });
    await aResident(db.prisma, { checkIns: [{ wave: 'MONTH_3', dueAt: inDays(8) }] });
    await aResident(db.prisma, {
      checkIns: [{ wave: 'MONTH_3', dueAt: inDays(-1), status: 'COMPLETED', sentAt: inDays(-1) }],
    });

    const rows = await scheduler.listDue({ withinDays: 7 });
    expect(rows).toEqual([
      expect.objectContaining({ checkInId: overdue.checkIns.MONTH_3, status: 'SCHEDULED', overdue: true }),
      expect.objectContaining({ checkInId: waiting.checkIns.MONTH_6, status: 'SENT', overdue: false }),
      expect.objectContaining({ checkInId: soon.checkIns.MONTH_12, status: 'SCHEDULED', overdue: false }),
    ]);

    const table = formatDueTable(rows, { now, withinDays: 7 });
    expect(table).toContain(
      'Open check-ins due by Tue 9 Jun 2026 10:00 (UK time), including overdue: 3 (1 overdue).',
    );
    expect(table).toMatch(/MONTH_3 +Sun 31 May 2026 10:00 +OVERDUE, not sent yet +[0-9a-f]{8}\n/);
    expect(table).toMatch(/MONTH_6 +Mon 1 Jun 2026 10:00 +sent, awaiting reply +[0-9a-f]{8}\n/);
    expect(table).toContain(overdue.residentId.slice(0, 8));
    expect(table).not.toContain(overdue.residentId);
    expect(table).not.toContain('Overdue');
    expect(formatDueTable([], { now, withinDays: 7 })).toContain('including overdue: none.');
    await expect(scheduler.listDue({ withinDays: -1 })).rejects.toThrow(RangeError);
  });
});

describe('the poll loop', () => {
  class FakeTimers implements SchedulerTimers {
    callback: (() => void) | undefined;
    ms: number | undefined;
    cleared = false;
    setInterval(callback: () => void, ms: number): unknown {
      this.callback = callback;
      this.ms = ms;
      return 'handle';
    }
    clearInterval(handle: unknown): void {
      if (handle === 'handle') this.cleared = true;
    }
  }

  test('ticks at start and on each beat, skips a beat while a tick runs, and stop() waits for it', async () => {
    const clock = new ManualClock(MONTH_3_DUE);
    const timers = new FakeTimers();
    let release!: () => void;
    let sending!: () => void;
    const isSending = new Promise<void>((resolve) => (sending = resolve));
    let calls = 0;
    const sender = new RecordingSender(async () => {
      calls += 1;
      sending();
      await new Promise<void>((resolve) => (release = resolve));
    });
    const { scheduler, logLines } = aScheduler(db.prisma, clock, { timers, sender, pollIntervalMs: 30_000 });
    const { checkIns } = await aResident(db.prisma, { signedUpAt: SIGNED_UP });

    scheduler.start();
    expect(timers.ms).toBe(30_000);
    await isSending; // the first tick is sending and waits for us
    timers.callback?.(); // a beat while it runs: skipped
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(timers.cleared).toBe(true);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(calls).toBe(1);
    expect(logLines.filter((l) => l.includes('"event":"scheduler.tick"'))).toHaveLength(1);
    expect((await checkIn(checkIns.MONTH_3)).status).toBe('SENT');
  });

  test('a tick that throws is logged and the loop carries on', async () => {
    const clock = new ManualClock(MONTH_3_DUE);
    const timers = new FakeTimers();
    const logger = memoryLogger();
    let broken = true;
    const window = new SendWindow();
    const flaky = Object.assign(Object.create(window) as SendWindow, {
      isOpen: (instant: Date) => {
        if (broken) throw new Error('boom');
        return window.isOpen(instant);
      },
    });
    const scheduler = new CheckInScheduler({
      prisma: db.prisma,
      clock,
      instanceId: 'loop',
      sender: new RecordingSender(),
      optOuts: { isOptedOut: async () => false },
      window: flaky,
      logger,
      timers,
    });
    await aResident(db.prisma, { signedUpAt: SIGNED_UP });
    const failed = () => logger.lines.some((l) => l.includes('"scheduler.tick_failed"'));
    scheduler.start();
    while (!failed()) await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    broken = false;
    timers.callback?.();
    await scheduler.stop();
    expect(await db.prisma.checkIn.count({ where: { status: 'SENT' } })).toBe(1);
  });

  test('each beat of the loop ticks', async () => {
    const clock = new ManualClock(at('2026-06-06T10:00:00Z')); // Saturday: nothing to send yet
    const timers = new FakeTimers();
    const { scheduler, logLines } = aScheduler(db.prisma, clock, { timers });
    await aResident(db.prisma, { checkIns: [{ wave: 'MONTH_3', dueAt: clock.now() }] });
    const ticksLogged = () => logLines.filter((l) => l.includes('"event":"scheduler.tick"')).length;
    scheduler.start();
    // Let the start-up tick finish (yielding to I/O, not waiting on a clock).
    while (ticksLogged() < 1) await new Promise((resolve) => setImmediate(resolve));
    expect(await db.prisma.checkIn.count({ where: { status: 'SENT' } })).toBe(0);
    clock.set(at('2026-06-08T08:00:00Z')); // Monday 09:00 BST
    timers.callback?.();
    await scheduler.stop();
    expect(ticksLogged()).toBe(2);
    expect(await db.prisma.checkIn.count({ where: { status: 'SENT' } })).toBe(1);
  });

  test('settings out of range are refused, naming the setting', () => {
    const base = {
      prisma: db.prisma,
      clock: new ManualClock(MONTH_3_DUE),
      sender: new RecordingSender(),
      optOuts: { isOptedOut: async () => false },
      window: new SendWindow(),
      logger: memoryLogger(),
    };
    expect(() => new CheckInScheduler({ ...base, instanceId: '' })).toThrow(/instanceId/);
    expect(() => new CheckInScheduler({ ...base, instanceId: 'a', reminderAfterDays: 14 })).toThrow(
      /reminderAfterDays must be less than expiryDays/,
    );
    expect(() => new CheckInScheduler({ ...base, instanceId: 'a', batchSize: 0 })).toThrow(/batchSize/);
  });
});
