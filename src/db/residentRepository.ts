import type { ConversationReference } from 'botbuilder';
import { z } from 'zod';
import {
  CheckInWave,
  ComBComponent,
  Goal,
  SmokingStatus,
  type PrismaClient,
} from '../generated/prisma/client';
import { AuditLog, toJson } from './auditLog';

/** Everything gathered in a sign-up conversation, ready to be saved in one go. */
export interface SignUpRecord {
  /** Channel id the resident signed up on: `'directline'`, `'sms'`, ... */
  channel: string;
  /** Web Chat user id, or E.164 phone number on SMS. */
  channelAddress: string;
  /** botbuilder `ConversationReference` (plain JSON), for proactive check-ins. */
  conversationRef?: unknown;
  /** The consent statement exactly as shown, and when the resident said yes. */
  consent: { statementVersion: string; textSha256: string; grantedAt: Date };
  details: {
    firstName: string;
    lastName: string;
    /** YYYY-MM-DD */
    dateOfBirth: string;
    postcode: string;
    addressLine1: string;
    ethnicityGroup: string;
    ethnicity: string;
    email: string | null;
    /** E.164 */
    phone: string | null;
  };
  /** Baseline lifestyle measures; `null` where the resident preferred not to say. */
  baseline: {
    heightCm: number | null;
    weightKg: number | null;
    bmi: number | null;
    activeDays: number | null;
    smokingStatus: SmokingStatus;
    cigarettesPerDay: number | null;
    drinksPerWeek: number | null;
    unitsPerWeek: number | null;
  };
  goals: Goal[];
  barrier: { label: string; comB: ComBComponent } | null;
  /** The 3, 6 and 12-month follow-ups, already computed in Europe/London. */
  checkIns: { wave: CheckInWave; dueAt: Date }[];
}

const text = z.string().trim().min(1);
const count = z.number().int().nonnegative();

// The dialogs have already validated every answer for the resident; this guards against a
// programming error reaching the database (NaN, negative measures, a malformed date).
const signUpRecordSchema = z.object({
  channel: text,
  channelAddress: text,
  conversationRef: z.unknown().optional(),
  consent: z.object({
    statementVersion: text,
    textSha256: z.string().regex(/^[0-9a-f]{64}$/),
    grantedAt: z.date(),
  }),
  details: z.object({
    firstName: text,
    lastName: text,
    dateOfBirth: z.iso.date(),
    postcode: text,
    addressLine1: text,
    ethnicityGroup: text,
    ethnicity: text,
    email: z.email().nullable(),
    phone: z
      .string()
      .regex(/^\+[1-9][0-9]{6,14}$/)
      .nullable(),
  }),
  baseline: z.object({
    heightCm: z.number().positive().nullable(),
    weightKg: z.number().positive().nullable(),
    bmi: z.number().positive().nullable(),
    activeDays: count.max(7).nullable(),
    smokingStatus: z.enum(SmokingStatus),
    cigarettesPerDay: count.nullable(),
    drinksPerWeek: count.nullable(),
    unitsPerWeek: z.number().nonnegative().nullable(),
  }),
  goals: z.array(z.enum(Goal)).refine((goals) => new Set(goals).size === goals.length, 'duplicate goal'),
  barrier: z.object({ label: text, comB: z.enum(ComBComponent) }).nullable(),
  // One check-in per wave is the database's rule (CheckIn @@unique([residentId, wave])).
  checkIns: z.array(z.object({ wave: z.enum(CheckInWave), dueAt: z.date() })),
}) satisfies z.ZodType<SignUpRecord>;

/** Saves and finds residents: the sign-up itself and the channel addresses they are known by. */
export class ResidentRepository {
  private readonly audit: AuditLog;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly clock: { now(): Date },
  ) {
    this.audit = new AuditLog(prisma);
  }

  /**
   * Saves a completed sign-up in one transaction: the resident, their consent, the baseline
   * assessment, the scheduled check-ins, the channel identity (moved to this resident if the
   * address already belonged to someone) and an audit event. Nothing is saved if any part fails.
   * @throws Error if `input` is not a valid record (a programming error, not a resident's).
   */
  async completeSignUp(input: SignUpRecord): Promise<{ residentId: string }> {
    const parsed = signUpRecordSchema.safeParse(input);
    if (!parsed.success) {
      // Paths only: the values are personal.
      const paths = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)');
      throw new Error(`completeSignUp: invalid sign-up record at ${paths.join(', ')}`);
    }
    const { channel, channelAddress, conversationRef, consent, details, baseline, goals, barrier, checkIns } =
      parsed.data;
    const now = this.clock.now();
    const ref = conversationRef == null ? {} : { conversationRef: toJson(conversationRef) };

    return this.prisma.$transaction(async (tx) => {
      const { id: residentId } = await tx.resident.create({
        data: {
          ...details,
          dateOfBirth: new Date(`${details.dateOfBirth}T00:00:00Z`),
          signUpChannel: channel,
          signedUpAt: now,
          goals,
          barrier: barrier?.label ?? null,
          barrierComB: barrier?.comB ?? null,
        },
        select: { id: true },
      });
      await tx.consent.create({ data: { residentId, channel, ...consent } });
      await tx.assessment.create({ data: { residentId, kind: 'BASELINE', takenAt: now, ...baseline } });
      await tx.checkIn.createMany({ data: checkIns.map((checkIn) => ({ residentId, ...checkIn })) });
      await tx.channelIdentity.upsert({
        where: { channel_address: { channel, address: channelAddress } },
        create: { channel, address: channelAddress, residentId, ...ref },
        update: { residentId, ...ref },
      });
      await this.audit.record(
        {
          actor: `resident:${residentId}`,
          action: 'resident.signed_up',
          entity: 'Resident',
          entityId: residentId,
          details: { channel },
          at: now,
        },
        tx,
      );
      return { residentId };
    });
  }

  /**
   * The resident known by this address on this channel, if their latest consent still stands;
   * `null` if the address is unknown or they withdrew consent.
   */
  async findByChannelAddress(
    channel: string,
    address: string,
  ): Promise<{ residentId: string; firstName: string } | null> {
    const identity = await this.prisma.channelIdentity.findUnique({
      where: { channel_address: { channel, address } },
      select: {
        resident: {
          select: {
            id: true,
            firstName: true,
            consents: { orderBy: { grantedAt: 'desc' }, take: 1, select: { withdrawnAt: true } },
          },
        },
      },
    });
    const resident = identity?.resident;
    const latest = resident?.consents[0];
    if (!resident || !latest || latest.withdrawnAt !== null) return null;
    return { residentId: resident.id, firstName: resident.firstName };
  }

  /**
   * Remembers the latest conversation reference for an address, for proactive messages.
   * @returns whether the address belongs to a resident (nothing is saved if not).
   */
  async saveConversationRef(
    channel: string,
    address: string,
    ref: Partial<ConversationReference>,
  ): Promise<boolean> {
    const { count } = await this.prisma.channelIdentity.updateMany({
      where: { channel, address },
      data: { conversationRef: toJson(ref) },
    });
    return count > 0;
  }
}
