import { DateTime } from 'luxon';
import { z } from 'zod';
import { AuditLog } from '../db/auditLog';
import type { Clock } from '../domain/clock';
import { SERVICE_TIME_ZONE } from '../domain/dates';
import { Prisma, type CheckInWave, type PrismaClient } from '../generated/prisma/client';
import { describeError, type Logger } from '../logger';
import { listDueCheckIns, OPEN_STATUSES, type DueCheckIn } from './dueCheckIns';
import type { SendWindow } from './sendWindow';

/** The channel id of SMS identities; their address is an E.164 phone number. */
export const SMS_CHANNEL = 'sms';

/** One way to reach a resident: a channel identity, with its stored conversation reference. */
export interface CheckInRoute {
  channel: string;
  /** An E.164 phone number on SMS; a Web Chat user id on web chat. */
  address: string;
  /** The serialised botbuilder ConversationReference, or null if none was stored. */
  conversationRef: unknown;
}

/** What a sender needs to start (or remind about) one check-in. The text is rendered from it at send time. */
export interface CheckInJob {
  checkInId: string;
  residentId: string;
  wave: CheckInWave;
  dueAt: Date;
  firstName: string;
  /** The resident's routes, oldest first, with opted-out SMS numbers already removed; never empty. */
  identities: CheckInRoute[];
}

/**
 * Delivers check-ins (SMS, web chat). Each call must finish or fail well within the scheduler's
 * lease (default 10 minutes): use a request timeout. Throwing means "not delivered, try again
 * next tick"; throw {@link CheckInUndeliverable} for "never deliverable" (the check-in is cancelled).
 * `checkInId` is stable across retries, usable as an idempotency key.
 */
export interface CheckInSender {
  sendCheckIn(job: CheckInJob): Promise<void>;
  sendReminder(job: CheckInJob): Promise<void>;
}

/** The SMS opt-out list (STOP replies). */
export interface OptOutLookup {
  isOptedOut(phoneE164: string): Promise<boolean>;
}

/**
 * Thrown by a {@link CheckInSender} when a check-in can never be delivered on any of its routes
 * (e.g. the SMS provider reports the number unsubscribed). The check-in is cancelled with
 * `closedReason` 'undeliverable' instead of being retried every tick until it expires.
 */
export class CheckInUndeliverable extends Error {
  override readonly name = 'CheckInUndeliverable';
}

/** The poll loop's timer; tests pass a fake so nothing waits on the real clock. */
export interface SchedulerTimers {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

const systemTimers: SchedulerTimers = {
  setInterval: (callback, ms) => setInterval(callback, ms),
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

/** What one tick did. */
export interface TickReport {
  sent: number;
  reminded: number;
  missed: number;
  cancelled: number;
  failed: number;
}

export interface CheckInSchedulerOptions {
  prisma: PrismaClient;
  clock: Clock;
  /**
   * Unique per running server (e.g. hostname and process id). Leases it takes are named
   * `<instanceId>#<tick number>`, so an operator can see who holds a check-in.
   */
  instanceId: string;
  sender: CheckInSender;
  optOuts: OptOutLookup;
  window: SendWindow;
  logger: Logger;
  /** How long a claimed check-in stays reserved for this instance. Default 10 minutes. */
  leaseMs?: number;
  /** Check-ins claimed per query. Default 50. */
  batchSize?: number;
  /** Days after sending with no reply before the one reminder. Default 3. */
  reminderAfterDays?: number;
  /** Days after which an unsent or unanswered check-in is marked missed. Default 14. */
  expiryDays?: number;
  /** Time between ticks of the poll loop. Default 60 seconds. */
  pollIntervalMs?: number;
  timers?: SchedulerTimers;
}

const optionsSchema = z
  .object({
    instanceId: z.string().trim().min(1).max(200),
    leaseMs: z.number().int().min(1000),
    batchSize: z.number().int().min(1).max(1000),
    reminderAfterDays: z.number().int().min(1),
    expiryDays: z.number().int().min(1),
    pollIntervalMs: z.number().int().min(1000),
  })
  .refine((o) => o.reminderAfterDays < o.expiryDays, {
    message: 'must be less than expiryDays, or no reminder is ever sent',
    path: ['reminderAfterDays'],
  });

const checkInId = z.uuid();
const reasonCode = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be a code like resident_stopped');

type Step = 'checkIn' | 'reminder';

// Each step's status before and after, and which counter it moves.
const STEPS = {
  checkIn: { from: 'SCHEDULED', to: 'SENT', counter: 'sent' },
  reminder: { from: 'SENT', to: 'REMINDED', counter: 'reminded' },
} as const;

/**
 * The resident's latest consent (by grantedAt) stands: it exists and is not withdrawn.
 * `c` is the "CheckIn" row being tested.
 */
const CONSENT_STANDS = Prisma.sql`COALESCE((
  SELECT k."withdrawnAt" IS NULL FROM "Consent" k
  WHERE k."residentId" = c."residentId"
  ORDER BY k."grantedAt" DESC, k.id DESC LIMIT 1), FALSE)`;

/**
 * Sends each 3, 6 and 12-month check-in exactly once across any number of server instances, in
 * the send window, with one reminder, and closes those that expire or may no longer be sent.
 *
 * Instances coordinate only through the CheckIn rows: a check-in is claimed with a lease
 * (`leasedBy`, `leaseUntil`) taken by `UPDATE ... FOR UPDATE SKIP LOCKED`, re-taken just before
 * its message goes out, and every change after that is made only `WHERE leasedBy = <this tick's
 * lease>` and the status it was claimed in. If an instance dies mid-batch, its unsent check-ins
 * are claimed by another once the lease runs out. One message can be sent twice only if an
 * instance stops, or stalls past its lease, between the provider accepting it and the row being
 * marked (at-least-once then; the job's `checkInId` lets a sender de-duplicate).
 *
 * Every decision uses the injected clock, never the database's.
 */
export class CheckInScheduler {
  private readonly prisma: PrismaClient;
  private readonly clock: Clock;
  private readonly instanceId: string;
  private readonly sender: CheckInSender;
  private readonly optOuts: OptOutLookup;
  private readonly window: SendWindow;
  private readonly logger: Logger;
  private readonly audit: AuditLog;
  private readonly timers: SchedulerTimers;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private readonly reminderAfterDays: number;
  private readonly expiryDays: number;
  private readonly pollIntervalMs: number;
  private loopHandle: unknown = undefined;
  private loopTick: Promise<void> | undefined;
  private readonly ticksInFlight = new Set<Promise<unknown>>();
  private tickCount = 0;

  /** @throws Error naming the option if a setting is out of range. */
  constructor(options: CheckInSchedulerOptions) {
    const parsed = optionsSchema.safeParse({
      instanceId: options.instanceId,
      leaseMs: options.leaseMs ?? 10 * 60 * 1000,
      batchSize: options.batchSize ?? 50,
      reminderAfterDays: options.reminderAfterDays ?? 3,
      expiryDays: options.expiryDays ?? 14,
      pollIntervalMs: options.pollIntervalMs ?? 60 * 1000,
    });
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`);
      throw new Error(`Invalid check-in scheduler settings: ${problems.join('; ')}`);
    }
    ({
      instanceId: this.instanceId,
      leaseMs: this.leaseMs,
      batchSize: this.batchSize,
      reminderAfterDays: this.reminderAfterDays,
      expiryDays: this.expiryDays,
      pollIntervalMs: this.pollIntervalMs,
    } = parsed.data);
    this.prisma = options.prisma;
    this.clock = options.clock;
    this.sender = options.sender;
    this.optOuts = options.optOuts;
    this.window = options.window;
    this.logger = options.logger;
    this.timers = options.timers ?? systemTimers;
    this.audit = new AuditLog(options.prisma);
  }

  /**
   * One pass: cancel check-ins that may no longer be sent, mark expired ones missed, then, if
   * the send window is open, send due check-ins and due reminders. Safe to run on several
   * instances (and several times on one) at once.
   */
  tick(): Promise<TickReport> {
    const running = this.runTick();
    this.ticksInFlight.add(running);
    void running.then(
      () => this.ticksInFlight.delete(running),
      () => this.ticksInFlight.delete(running),
    );
    return running;
  }

  /** Starts the poll loop: a tick now, then one every `pollIntervalMs` (skipped while one is running). */
  start(): void {
    if (this.loopHandle !== undefined) return;
    this.loopHandle = this.timers.setInterval(() => void this.loopOnce(), this.pollIntervalMs);
    void this.loopOnce();
    this.logger.info('scheduler.started', {
      instanceId: this.instanceId,
      pollIntervalMs: this.pollIntervalMs,
    });
  }

  /** Stops the poll loop and waits for any tick still running to finish. */
  async stop(): Promise<void> {
    if (this.loopHandle !== undefined) {
      this.timers.clearInterval(this.loopHandle);
      this.loopHandle = undefined;
      this.logger.info('scheduler.stopped', { instanceId: this.instanceId });
    }
    await Promise.allSettled([...this.ticksInFlight]);
  }

  /**
   * Records that the resident answered the check-in. Accepted from any open status and from
   * MISSED (a late answer still counts).
   * @returns false if the check-in does not exist or is already completed or cancelled.
   */
  async markCompleted(id: string): Promise<boolean> {
    const { count } = await this.prisma.checkIn.updateMany({
      where: { id: this.parseId(id), status: { in: [...OPEN_STATUSES, 'MISSED'] } },
      data: {
        status: 'COMPLETED',
        completedAt: this.clock.now(),
        closedReason: null,
        leasedBy: null,
        leaseUntil: null,
      },
    });
    return count === 1;
  }

  /**
   * "Not now", once per check-in: it stays open and the resident is reminded once more,
   * `reminderAfterDays` from now, and it expires `expiryDays` from now. (`sentAt` becomes now:
   * it is when the current invitation stands from.)
   * @returns false unless the check-in was sent, is waiting for a reply and was not postponed
   *   before (a second "not now" leaves the reminder and expiry as they are).
   */
  async postpone(id: string): Promise<boolean> {
    const now = this.clock.now();
    const { count } = await this.prisma.checkIn.updateMany({
      where: { id: this.parseId(id), status: { in: ['SENT', 'REMINDED'] }, postponedAt: null },
      data: {
        status: 'SENT',
        sentAt: now,
        postponedAt: now,
        remindedAt: null,
        leasedBy: null,
        leaseUntil: null,
      },
    });
    return count === 1;
  }

  /**
   * "Stop check-ins": cancels every open check-in of the resident and records it in the audit
   * trail (`checkins.stopped`, by `resident:<id>`), in one transaction.
   * @param reason a code stored as closedReason, e.g. 'resident_stopped' (never free text).
   * @returns how many check-ins were cancelled.
   */
  async cancelRemaining(residentId: string, reason = 'resident_stopped'): Promise<number> {
    const id = this.parseId(residentId);
    const code = reasonCode.safeParse(reason);
    if (!code.success) throw new RangeError('cancelRemaining: reason must be a code like resident_stopped');
    const now = this.clock.now();
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.checkIn.updateMany({
        where: { residentId: id, status: { in: [...OPEN_STATUSES] } },
        data: { status: 'CANCELLED', closedReason: code.data, leasedBy: null, leaseUntil: null },
      });
      await this.audit.record(
        {
          actor: `resident:${id}`,
          action: 'checkins.stopped',
          entity: 'Resident',
          entityId: id,
          details: { cancelled: count, reason: code.data },
          at: now,
        },
        tx,
      );
      return count;
    });
  }

  /** Open check-ins due within `withinDays` days, and all overdue ones (for operators). */
  listDue({ withinDays }: { withinDays: number }): Promise<DueCheckIn[]> {
    return listDueCheckIns(this.prisma, this.clock.now(), { withinDays });
  }

  private async loopOnce(): Promise<void> {
    if (this.loopTick) return; // the previous tick is still running: skip this beat
    this.loopTick = this.tick().then(
      () => undefined,
      (error: unknown) => this.logger.error('scheduler.tick_failed', describeError(error)),
    );
    await this.loopTick;
    this.loopTick = undefined;
  }

  private async runTick(): Promise<TickReport> {
    const report: TickReport = { sent: 0, reminded: 0, missed: 0, cancelled: 0, failed: 0 };
    const now = this.clock.now();
    report.cancelled += await this.cancelWithoutConsent(now);
    report.cancelled += await this.cancelUnreachable(now);
    report.missed += await this.markExpired(now);
    if (this.window.isOpen(now)) {
      // Leases are held per tick, not per instance, so two overlapping ticks of one instance
      // (possible when tick() is called directly) cannot both believe they hold a check-in.
      this.tickCount += 1;
      const holder = `${this.instanceId}#${this.tickCount}`;
      await this.work('checkIn', holder, report);
      await this.work('reminder', holder, report);
    }
    const meta = { instanceId: this.instanceId, ...report };
    if (Object.values(report).some((n) => n > 0)) this.logger.info('scheduler.tick', meta);
    else this.logger.debug('scheduler.tick', meta);
    return report;
  }

  /** Cancels every open check-in of residents whose latest consent is withdrawn (or who have none). */
  private async cancelWithoutConsent(now: Date): Promise<number> {
    // Regardless of leases: stopping is always safe, and a holder's later updates then miss.
    return this.prisma.$executeRaw`
      UPDATE "CheckIn" c
      SET status = 'CANCELLED',
          "closedReason" = CASE WHEN EXISTS (SELECT 1 FROM "Consent" k WHERE k."residentId" = c."residentId")
                                THEN 'consent_withdrawn' ELSE 'no_consent' END,
          "leasedBy" = NULL, "leaseUntil" = NULL, "updatedAt" = ${now}
      WHERE c.status IN ('SCHEDULED', 'SENT', 'REMINDED') AND NOT ${CONSENT_STANDS}`;
  }

  /**
   * Cancels the check-ins that are due or waiting for a reply of residents with no route left:
   * every SMS number opted out (or no identity at all). Later waves stay scheduled and are
   * checked when they fall due, so a resident who texts START again still gets them.
   */
  private async cancelUnreachable(now: Date): Promise<number> {
    const candidates = await this.prisma.checkIn.findMany({
      where: { OR: [{ status: 'SCHEDULED', dueAt: { lte: now } }, { status: { in: ['SENT', 'REMINDED'] } }] },
      select: { id: true, resident: { select: { identities: { select: ROUTE_FIELDS } } } },
    });
    const optedOut = new Map<string, Promise<boolean>>();
    const byReason = new Map<string, string[]>();
    for (const candidate of candidates) {
      const { routes, reason } = await this.reachableRoutes(candidate.resident.identities, optedOut);
      if (routes.length > 0) continue;
      const ids = byReason.get(reason) ?? [];
      ids.push(candidate.id);
      byReason.set(reason, ids);
    }
    let cancelled = 0;
    for (const [reason, ids] of byReason) {
      const { count } = await this.prisma.checkIn.updateMany({
        where: { id: { in: ids }, status: { in: [...OPEN_STATUSES] } },
        data: { status: 'CANCELLED', closedReason: reason, leasedBy: null, leaseUntil: null },
      });
      cancelled += count;
    }
    return cancelled;
  }

  /**
   * Marks missed: unsent check-ins due `expiryDays` ago or more (so after downtime old ones are
   * not sent), and sent ones unanswered that long. Other waves of the resident are untouched.
   */
  private async markExpired(now: Date): Promise<number> {
    const cutoff = this.daysBefore(now, this.expiryDays);
    const leaseFree = { OR: [{ leaseUntil: null }, { leaseUntil: { lte: now } }] };
    const closed = { status: 'MISSED', leasedBy: null, leaseUntil: null } as const;
    const unsent = await this.prisma.checkIn.updateMany({
      where: { status: 'SCHEDULED', dueAt: { lte: cutoff }, ...leaseFree },
      data: { ...closed, closedReason: 'expired_unsent' },
    });
    const unanswered = await this.prisma.checkIn.updateMany({
      where: { status: { in: ['SENT', 'REMINDED'] }, sentAt: { lte: cutoff }, ...leaseFree },
      data: { ...closed, closedReason: 'no_reply' },
    });
    return unsent.count + unanswered.count;
  }

  /** Claims and sends batches of one step until none is left or the window closes. */
  private async work(step: Step, holder: string, report: TickReport): Promise<void> {
    // Everything claimed in this tick, so a failing send waits for the next tick.
    const attempted: string[] = [];
    while (this.window.isOpen(this.clock.now())) {
      const ids = await this.claim(step, holder, attempted);
      if (ids.length === 0) return;
      attempted.push(...ids);
      const claimed = await this.prisma.checkIn.findMany({
        where: { id: { in: ids }, leasedBy: holder },
        orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
        select: {
          id: true,
          residentId: true,
          wave: true,
          dueAt: true,
          resident: {
            select: { firstName: true, identities: { select: ROUTE_FIELDS, orderBy: { createdAt: 'asc' } } },
          },
        },
      });
      const optedOut = new Map<string, Promise<boolean>>();
      for (const row of claimed) await this.deliver(step, holder, row, optedOut, report);
    }
  }

  /** Leases up to `batchSize` check-ins ready for this step whose lease is free or has run out. */
  private async claim(step: Step, holder: string, exclude: string[]): Promise<string[]> {
    const now = this.clock.now();
    const leaseUntil = new Date(now.getTime() + this.leaseMs);
    const ready =
      step === 'checkIn'
        ? Prisma.sql`status = 'SCHEDULED' AND "dueAt" <= ${now}`
        : Prisma.sql`status = 'SENT' AND "remindedAt" IS NULL
                     AND "sentAt" <= ${this.daysBefore(now, this.reminderAfterDays)}`;
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      UPDATE "CheckIn" SET "leasedBy" = ${holder}, "leaseUntil" = ${leaseUntil}, "updatedAt" = ${now}
      WHERE id IN (
        SELECT id FROM "CheckIn"
        WHERE ${ready}
          AND ("leaseUntil" IS NULL OR "leaseUntil" <= ${now})
          AND NOT (id = ANY(${exclude}::uuid[]))
        ORDER BY "dueAt", id
        LIMIT ${this.batchSize}
        FOR UPDATE SKIP LOCKED)
      RETURNING id`;
    return rows.map((row) => row.id);
  }

  /** Sends one claimed check-in or reminder and records the outcome, if this instance still holds it. */
  private async deliver(
    step: Step,
    holder: string,
    row: { id: string; residentId: string; wave: CheckInWave; dueAt: Date; resident: ResidentRoutes },
    optedOut: Map<string, Promise<boolean>>,
    report: TickReport,
  ): Promise<void> {
    const { from, to, counter } = STEPS[step];
    const log = { checkInId: row.id, step, holder };
    const mine = { id: row.id, leasedBy: holder, status: from };
    if (!(await this.renewLease(row.id, holder, from))) {
      // Taken over after our lease ran out, closed meanwhile, or consent withdrawn since the
      // sweep (then the next tick cancels it): not ours to send.
      this.logger.warn('scheduler.skipped_before_send', log);
      return;
    }
    try {
      const { routes, reason } = await this.reachableRoutes(row.resident.identities, optedOut);
      if (routes.length === 0) {
        report.cancelled += await this.close(mine, reason);
        return;
      }
      const job: CheckInJob = {
        checkInId: row.id,
        residentId: row.residentId,
        wave: row.wave,
        dueAt: row.dueAt,
        firstName: row.resident.firstName,
        identities: routes,
      };
      await (step === 'checkIn' ? this.sender.sendCheckIn(job) : this.sender.sendReminder(job));
    } catch (error) {
      if (error instanceof CheckInUndeliverable) {
        report.cancelled += await this.close(mine, 'undeliverable');
        this.logger.warn('scheduler.undeliverable', log);
        return;
      }
      report.failed += 1;
      this.logger.error('scheduler.send_failed', { ...log, ...describeError(error) });
      // Free it at once: the next tick (here or on another instance) tries again.
      await this.prisma.checkIn.updateMany({ where: mine, data: { leasedBy: null, leaseUntil: null } });
      return;
    }
    report[counter] += 1;
    const at = this.clock.now();
    const { count } = await this.prisma.checkIn.updateMany({
      where: mine,
      data: {
        status: to,
        ...(step === 'checkIn' ? { sentAt: at } : { remindedAt: at }),
        leasedBy: null,
        leaseUntil: null,
      },
    });
    // The message went out but the row had been taken over or closed meanwhile.
    if (count === 0) this.logger.warn('scheduler.lease_lost', { ...log, when: 'after_send' });
  }

  /** Cancels a check-in this tick holds, recording why; returns 1, or 0 if it was no longer held. */
  private async close(
    held: { id: string; leasedBy: string; status: 'SCHEDULED' | 'SENT' },
    reason: string,
  ): Promise<number> {
    const { count } = await this.prisma.checkIn.updateMany({
      where: held,
      data: { status: 'CANCELLED', closedReason: reason, leasedBy: null, leaseUntil: null },
    });
    return count;
  }

  /**
   * Re-takes the lease on one claimed check-in for a full `leaseMs` just before its message goes
   * out, if this instance still holds it, it is still in status `from` and consent still stands.
   * After this no other instance can claim it until the lease runs out again.
   */
  private async renewLease(id: string, holder: string, from: 'SCHEDULED' | 'SENT'): Promise<boolean> {
    const now = this.clock.now();
    const until = new Date(now.getTime() + this.leaseMs);
    const renewed = await this.prisma.$executeRaw`
      UPDATE "CheckIn" c SET "leaseUntil" = ${until}, "updatedAt" = ${now}
      WHERE c.id = ${id}::uuid AND c."leasedBy" = ${holder}
        AND c.status = ${from}::"CheckInStatus" AND ${CONSENT_STANDS}`;
    return renewed === 1;
  }

  /**
   * The routes a resident may be contacted on: every identity except SMS numbers on the opt-out
   * list. With none, the reason to record: 'opted_out' if an SMS number was dropped, else 'no_channel'.
   */
  private async reachableRoutes(
    identities: CheckInRoute[],
    optedOut: Map<string, Promise<boolean>>,
  ): Promise<{ routes: CheckInRoute[]; reason: string }> {
    const routes: CheckInRoute[] = [];
    let droppedSms = false;
    for (const identity of identities) {
      if (identity.channel === SMS_CHANNEL) {
        let lookup = optedOut.get(identity.address);
        if (!lookup) {
          lookup = this.optOuts.isOptedOut(identity.address);
          optedOut.set(identity.address, lookup);
        }
        if (await lookup) {
          droppedSms = true;
          continue;
        }
      }
      routes.push({
        channel: identity.channel,
        address: identity.address,
        conversationRef: identity.conversationRef,
      });
    }
    return { routes, reason: droppedSms ? 'opted_out' : 'no_channel' };
  }

  /** The same UK wall-clock time `days` calendar days before `instant`. */
  private daysBefore(instant: Date, days: number): Date {
    return DateTime.fromJSDate(instant, { zone: SERVICE_TIME_ZONE }).minus({ days }).toJSDate();
  }

  private parseId(id: string): string {
    const parsed = checkInId.safeParse(id);
    if (!parsed.success) throw new RangeError('expected an id (a UUID)');
    return parsed.data;
  }
}

const ROUTE_FIELDS = { channel: true, address: true, conversationRef: true } as const;

interface ResidentRoutes {
  firstName: string;
  identities: CheckInRoute[];
}
