import type { CheckInWaveValue } from '../domain/dates';
import type { Measures } from '../domain/progress';
import type { Clock } from '../domain/clock';
import { AuditLog } from './auditLog';
import type { Prisma } from '../generated/prisma/client';
import type { PrismaClient } from './prisma';

/** A check-in that has been sent (or offered) and waits for the resident's answers. */
export interface OpenCheckIn {
  checkInId: string;
  residentId: string;
  wave: CheckInWaveValue;
  firstName: string;
  baseline: Measures;
  /** The latest assessment (the baseline, or the last check-in answered). */
  latest: Measures;
}

/** "Not now" and "stop check-ins", which the scheduler owns. */
export interface CheckInControls {
  postpone(checkInId: string): Promise<boolean>;
  cancelRemaining(residentId: string, reason?: string): Promise<number>;
}

const MEASURES = {
  heightCm: true,
  weightKg: true,
  activeDays: true,
  smokingStatus: true,
  cigarettesPerDay: true,
  drinksPerWeek: true,
} as const;

/** The check-in conversation's reads and writes. */
export class CheckInRepository implements CheckInControls {
  private readonly audit: AuditLog;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly clock: Clock,
    private readonly controls: CheckInControls,
  ) {
    this.audit = new AuditLog(prisma);
  }

  /** The oldest open check-in of the resident behind this channel address, if any. */
  async findOpen(channel: string, address: string): Promise<OpenCheckIn | null> {
    const identity = await this.prisma.channelIdentity.findUnique({
      where: { channel_address: { channel, address } },
      select: { residentId: true },
    });
    if (!identity) return null;
    // Sent or reminded; or due but not yet sent (evenings, weekends): the resident came to us.
    return this.load({
      residentId: identity.residentId,
      OR: [
        { status: { in: ['SENT', 'REMINDED'] } },
        { status: 'SCHEDULED', dueAt: { lte: this.clock.now() } },
      ],
    });
  }

  /** One check-in by id, whatever its status (the scheduler is about to send it). */
  forCheckIn(checkInId: string): Promise<OpenCheckIn | null> {
    return this.load({ id: checkInId });
  }

  private async load(where: Prisma.CheckInWhereInput): Promise<OpenCheckIn | null> {
    const checkIn = await this.prisma.checkIn.findFirst({
      where,
      orderBy: { dueAt: 'asc' },
      include: {
        resident: {
          select: {
            firstName: true,
            consents: { orderBy: { grantedAt: 'desc' }, take: 1, select: { withdrawnAt: true } },
            assessments: { orderBy: { takenAt: 'asc' }, select: MEASURES },
          },
        },
      },
    });
    const resident = checkIn?.resident;
    if (
      !checkIn ||
      !resident ||
      resident.consents[0]?.withdrawnAt !== null ||
      resident.assessments.length === 0
    ) {
      return null;
    }
    return {
      checkInId: checkIn.id,
      residentId: checkIn.residentId,
      wave: checkIn.wave,
      firstName: resident.firstName,
      baseline: resident.assessments[0],
      latest: resident.assessments[resident.assessments.length - 1],
    };
  }

  /** True when `dateOfBirth` ('YYYY-MM-DD') is the resident's: proof enough to show their details on web chat. */
  async verifyDateOfBirth(residentId: string, dateOfBirth: string): Promise<boolean> {
    const resident = await this.prisma.resident.findUnique({
      where: { id: residentId },
      select: { dateOfBirth: true },
    });
    return resident?.dateOfBirth.toISOString().slice(0, 10) === dateOfBirth;
  }

  /**
   * Stores the wave's assessment and closes the check-in, in one transaction; or, if the
   * check-in closed meanwhile (stopped, consent withdrawn, expired), stores nothing and
   * returns false.
   */
  async complete(
    open: OpenCheckIn,
    measures: Measures,
    unitsPerWeek: number | null,
    bmi: number | null,
  ): Promise<boolean> {
    const now = this.clock.now();
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.checkIn.updateMany({
        // Withdrawing consent or stopping check-ins cancels them, so an open status is the test.
        where: { id: open.checkInId, status: { in: ['SCHEDULED', 'SENT', 'REMINDED'] } },
        data: { status: 'COMPLETED', completedAt: now, leasedBy: null, leaseUntil: null },
      });
      if (count === 0) return false;
      await tx.assessment.create({
        data: { residentId: open.residentId, kind: open.wave, ...measures, bmi, unitsPerWeek, takenAt: now },
      });
      await this.audit.record(
        {
          actor: `resident:${open.residentId}`,
          action: 'checkin.completed',
          entity: 'CheckIn',
          entityId: open.checkInId,
          details: { wave: open.wave },
          at: now,
        },
        tx,
      );
      return true;
    });
  }

  postpone(checkInId: string): Promise<boolean> {
    return this.controls.postpone(checkInId);
  }

  cancelRemaining(residentId: string, reason?: string): Promise<number> {
    return this.controls.cancelRemaining(residentId, reason);
  }
}
