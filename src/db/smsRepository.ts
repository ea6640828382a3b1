import type { PrismaClient } from '../generated/prisma/client';

/** A text message from a resident, as the webhook stores it. */
export interface NewInboundSms {
  messageSid: string;
  /** E.164 */
  from: string;
  to: string;
  body: string;
  numMedia: number;
}

/** A stored text message not yet answered. */
export interface PendingInboundSms {
  id: bigint;
  messageSid: string;
  from: string;
  to: string;
  /** Null only if it was processed elsewhere in the meantime (bodies are cleared then). */
  body: string | null;
  numMedia: number;
  receivedAt: Date;
  attempts: number;
}

// Twilio's message statuses in the order they happen; a callback that arrives late never moves
// a message backwards (a "sent" callback after "delivered" leaves it delivered).
const STATUS_RANK: Record<string, number> = {
  pending: 0,
  scheduled: 1,
  accepted: 1,
  queued: 2,
  sending: 3,
  sent: 4,
  receiving: 4,
  received: 5,
  delivered: 5,
  undelivered: 5,
  failed: 5,
  canceled: 5,
  read: 6,
};

/**
 * The SMS channel's records: inbound messages (durable before Twilio is answered, processed
 * once, bodies cleared after), opt-outs, and what became of each message sent.
 */
export class SmsRepository {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly clock: { now(): Date },
  ) {}

  /**
   * Stores an inbound message unless its MessageSid is already stored (a Twilio retry):
   * `INSERT ... ON CONFLICT DO NOTHING`. Returns whether it was new.
   */
  async recordInbound(message: NewInboundSms): Promise<boolean> {
    const { count } = await this.prisma.inboundSms.createMany({
      data: [{ ...message, receivedAt: this.clock.now() }],
      skipDuplicates: true,
    });
    return count === 1;
  }

  /** The oldest unprocessed message from `phone`, in arrival order. */
  async oldestPending(phone: string): Promise<PendingInboundSms | null> {
    return this.prisma.inboundSms.findFirst({
      where: { from: phone, processedAt: null },
      orderBy: { id: 'asc' },
      select: {
        id: true,
        messageSid: true,
        from: true,
        to: true,
        body: true,
        numMedia: true,
        receivedAt: true,
        attempts: true,
      },
    });
  }

  /** Counts one more try at a message; returns the new count. */
  async countAttempt(id: bigint): Promise<number> {
    const { attempts } = await this.prisma.inboundSms.update({
      where: { id },
      data: { attempts: { increment: 1 } },
      select: { attempts: true },
    });
    return attempts;
  }

  /** Marks a message answered and forgets what it said. */
  async markProcessed(id: bigint): Promise<void> {
    await this.prisma.inboundSms.update({
      where: { id },
      data: { processedAt: this.clock.now(), body: null },
    });
  }

  /** Phones with unprocessed messages, longest-waiting first, for crash recovery. */
  async phonesWithPending(limit = 100): Promise<string[]> {
    const rows = await this.prisma.inboundSms.groupBy({
      by: ['from'],
      where: { processedAt: null },
      _min: { id: true },
      orderBy: { _min: { id: 'asc' } },
      take: limit,
    });
    return rows.map((r) => r.from);
  }

  /**
   * Deletes processed messages received before `before`: once Twilio has stopped retrying, a
   * MessageSid is no longer needed, and the phone number is personal. Returns how many.
   */
  async purgeProcessedBefore(before: Date): Promise<number> {
    const { count } = await this.prisma.inboundSms.deleteMany({
      where: { processedAt: { not: null }, receivedAt: { lt: before } },
    });
    return count;
  }

  /** True while `phone` has opted out (STOP) and not back in (START). */
  async isOptedOut(phone: string): Promise<boolean> {
    const row = await this.prisma.smsOptOut.findUnique({ where: { phone }, select: { optedInAt: true } });
    return row !== null && row.optedInAt === null;
  }

  /** Records a STOP. Returns false if the number was already opted out (nothing changes then). */
  async optOut(phone: string): Promise<boolean> {
    const now = this.clock.now();
    const { count } = await this.prisma.smsOptOut.updateMany({
      where: { phone, optedInAt: { not: null } },
      data: { optedOutAt: now, optedInAt: null },
    });
    if (count === 1) return true;
    const created = await this.prisma.smsOptOut.createMany({
      data: [{ phone, optedOutAt: now }],
      skipDuplicates: true,
    });
    return created.count === 1;
  }

  /** Records a START. Returns false if the number was not opted out. */
  async optIn(phone: string): Promise<boolean> {
    const { count } = await this.prisma.smsOptOut.updateMany({
      where: { phone, optedInAt: null },
      data: { optedInAt: this.clock.now() },
    });
    return count === 1;
  }

  /** Notes a message about to be sent (no body); returns its id. */
  async createOutbound(to: string, segments: number): Promise<string> {
    const now = this.clock.now();
    const { id } = await this.prisma.outboundSms.create({
      data: { to, segments, status: 'pending', createdAt: now, updatedAt: now },
      select: { id: true },
    });
    return id;
  }

  /** Twilio accepted the message: its SID and first status. */
  async markOutboundAccepted(id: string, twilioSid: string, status: string): Promise<void> {
    await this.prisma.outboundSms.update({
      where: { id },
      data: { twilioSid, status, updatedAt: this.clock.now() },
    });
  }

  /** Twilio refused the message, or could not be reached: it was not sent. */
  async markOutboundFailed(id: string, errorCode: number | null): Promise<void> {
    await this.prisma.outboundSms.update({
      where: { id },
      data: { status: 'failed', errorCode, updatedAt: this.clock.now() },
    });
  }

  /**
   * Stores a delivery status callback. A status earlier than the stored one (callbacks can
   * arrive out of order) is ignored. Returns false if no message has that SID.
   */
  async recordStatus(twilioSid: string, status: string, errorCode: number | null): Promise<boolean> {
    const rank = STATUS_RANK[status] ?? 5;
    const notLater = Object.keys(STATUS_RANK).filter((s) => STATUS_RANK[s] <= rank);
    const { count } = await this.prisma.outboundSms.updateMany({
      where: {
        twilioSid,
        OR: [{ status: { in: notLater } }, { status: { notIn: Object.keys(STATUS_RANK) } }],
      },
      data: { status, ...(errorCode === null ? {} : { errorCode }), updatedAt: this.clock.now() },
    });
    if (count > 0) return true;
    return (await this.prisma.outboundSms.count({ where: { twilioSid } })) > 0;
  }
}
