import { randomUUID } from 'node:crypto';
import type { CheckInStatus, CheckInWave, PrismaClient } from '../../src/generated/prisma/client';
import type { Clock } from '../../src/domain/clock';
import { checkInDueDates } from '../../src/domain/dates';
import { memoryLogger } from '../../src/logger';
import {
  CheckInScheduler,
  type CheckInJob,
  type CheckInSchedulerOptions,
  type CheckInSender,
  type OptOutLookup,
} from '../../src/scheduler/checkInScheduler';
import { SendWindow } from '../../src/scheduler/sendWindow';

export const DAY = 24 * 60 * 60 * 1000;
export const MINUTE = 60 * 1000;

/** Empties the tables the scheduler reads, so each test sees only its own residents. */
export async function emptyTables(prisma: PrismaClient): Promise<void> {
  await prisma.$executeRawUnsafe('TRUNCATE "Resident", "AuditEvent" CASCADE');
}

export interface CheckInSpec {
  wave: CheckInWave;
  dueAt: Date;
  status?: CheckInStatus;
  sentAt?: Date | null;
  remindedAt?: Date | null;
  closedReason?: string | null;
}

export interface ResidentSpec {
  firstName?: string;
  signedUpAt?: Date;
  /** 'granted' (default); 'withdrawn'; 'none' (no consent row); 'regranted' (withdrawn, then a newer one). */
  consent?: 'granted' | 'withdrawn' | 'none' | 'regranted';
  /** Default: one SMS identity with `phone`. */
  identities?: { channel: string; address: string }[];
  phone?: string;
  /** Default: the three waves from `signedUpAt`, as sign-up creates them. */
  checkIns?: CheckInSpec[];
}

let phoneCounter = 0;

/** A fresh UK mobile number from the Ofcom drama range. */
export function aPhone(): string {
  phoneCounter += 1;
  return `+4477009${String(phoneCounter % 100000).padStart(5, '0')}`;
}

/** Inserts a resident with consent, identities and check-ins straight through Prisma. */
export async function aResident(
  prisma: PrismaClient,
  spec: ResidentSpec = {},
): Promise<{ residentId: string; phone: string; checkIns: Record<string, string> }> {
  const signedUpAt = spec.signedUpAt ?? new Date('2026-03-02T10:00:00Z');
  const phone = spec.phone ?? aPhone();
  const resident = await prisma.resident.create({
    data: {
      firstName: spec.firstName ?? 'Sam',
      lastName: 'Tester',
      dateOfBirth: new Date('1980-05-17T00:00:00Z'),
      postcode: 'DT1 1XJ',
      addressLine1: '1 Test Street',
      ethnicityGroup: 'White',
      ethnicity: 'English, Welsh, Scottish, Northern Irish or British',
      phone,
      signUpChannel: 'sms',
      signedUpAt,
    },
  });
  const consent = spec.consent ?? 'granted';
  const grant = { statementVersion: '2026-01', textSha256: 'a'.repeat(64), channel: 'sms' };
  if (consent !== 'none') {
    await prisma.consent.create({
      data: {
        ...grant,
        residentId: resident.id,
        grantedAt: signedUpAt,
        withdrawnAt: consent === 'granted' ? null : new Date(signedUpAt.getTime() + DAY),
      },
    });
  }
  if (consent === 'regranted') {
    await prisma.consent.create({
      data: { ...grant, residentId: resident.id, grantedAt: new Date(signedUpAt.getTime() + 2 * DAY) },
    });
  }
  const identities = spec.identities ?? [{ channel: 'sms', address: phone }];
  for (const identity of identities) {
    await prisma.channelIdentity.create({
      data: {
        ...identity,
        residentId: resident.id,
        conversationRef: { conversation: { id: identity.address } },
      },
    });
  }
  const checkIns = spec.checkIns ?? checkInDueDates(signedUpAt);
  const ids: Record<string, string> = {};
  for (const checkIn of checkIns) {
    const row = await prisma.checkIn.create({ data: { residentId: resident.id, ...checkIn } });
    ids[checkIn.wave] = row.id;
  }
  return { residentId: resident.id, phone, checkIns: ids };
}

/** `count` residents, each with one MONTH_3 check-in due at `dueAt`, inserted in bulk. */
export async function manyDueCheckIns(prisma: PrismaClient, count: number, dueAt: Date): Promise<string[]> {
  const residents = Array.from({ length: count }, () => ({ id: randomUUID(), phone: aPhone() }));
  const signedUpAt = new Date(dueAt.getTime() - 91 * DAY);
  await prisma.resident.createMany({
    data: residents.map(({ id, phone }) => ({
      id,
      firstName: 'Sam',
      lastName: 'Tester',
      dateOfBirth: new Date('1980-05-17T00:00:00Z'),
      postcode: 'BH1 1AA',
      addressLine1: '1 Test Street',
      ethnicityGroup: 'White',
      ethnicity: 'English, Welsh, Scottish, Northern Irish or British',
      phone,
      signUpChannel: 'sms',
      signedUpAt,
    })),
  });
  await prisma.consent.createMany({
    data: residents.map(({ id }) => ({
      residentId: id,
      statementVersion: '2026-01',
      textSha256: 'a'.repeat(64),
      channel: 'sms',
      grantedAt: signedUpAt,
    })),
  });
  // A baseline, as every sign-up has: the check-in conversation asks against it.
  await prisma.assessment.createMany({
    data: residents.map(({ id }) => ({
      residentId: id,
      kind: 'BASELINE' as const,
      heightCm: 170,
      weightKg: 80,
      bmi: 27.7,
      activeDays: 2,
      smokingStatus: 'NEVER' as const,
      takenAt: signedUpAt,
    })),
  });
  await prisma.channelIdentity.createMany({
    data: residents.map(({ id, phone }) => ({ residentId: id, channel: 'sms', address: phone })),
  });
  const checkIns = residents.map(({ id }) => ({
    id: randomUUID(),
    residentId: id,
    wave: 'MONTH_3' as const,
    dueAt,
  }));
  await prisma.checkIn.createMany({ data: checkIns });
  return checkIns.map((c) => c.id);
}

/** A sender that records every job it delivers; `before` runs first and may throw or hang. */
export class RecordingSender implements CheckInSender {
  readonly checkIns: CheckInJob[] = [];
  readonly reminders: CheckInJob[] = [];
  constructor(private readonly before?: (job: CheckInJob, kind: 'checkIn' | 'reminder') => Promise<void>) {}

  async sendCheckIn(job: CheckInJob): Promise<void> {
    await this.before?.(job, 'checkIn');
    this.checkIns.push(job);
  }

  async sendReminder(job: CheckInJob): Promise<void> {
    await this.before?.(job, 'reminder');
    this.reminders.push(job);
  }

  get checkInIds(): string[] {
    return this.checkIns.map((job) => job.checkInId);
  }
}

/** An opt-out list in memory. */
export class OptOutList implements OptOutLookup {
  readonly numbers = new Set<string>();
  async isOptedOut(phoneE164: string): Promise<boolean> {
    return this.numbers.has(phoneE164);
  }
}

/** A scheduler with the default settings, a recording sender and an in-memory opt-out list. */
export function aScheduler(
  prisma: PrismaClient,
  clock: Clock,
  overrides: Partial<CheckInSchedulerOptions> & { sender?: RecordingSender } = {},
): { scheduler: CheckInScheduler; sender: RecordingSender; optOuts: OptOutList; logLines: string[] } {
  const sender = overrides.sender ?? new RecordingSender();
  const optOuts = new OptOutList();
  const logger = memoryLogger();
  const scheduler = new CheckInScheduler({
    prisma,
    clock,
    instanceId: 'test-instance',
    optOuts,
    window: new SendWindow(),
    logger,
    ...overrides,
    sender,
  });
  return { scheduler, sender, optOuts, logLines: logger.lines };
}
