import type { PrismaClient } from '../generated/prisma/client';
import { toJson } from './auditLog';

/** Largest value of PostgreSQL `bigint`, the type of `seq`. */
const MAX_SEQ = 9223372036854775807n;

/**
 * Persistence for the built-in Direct Line 3.0 channel: conversations and their activities,
 * where an activity's `seq` is the watermark clients poll from. Transcripts hold personal
 * answers, so they are purged after the retention period.
 */
export class DirectLineStore {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly clock: { now(): Date },
  ) {}

  /** Starts a conversation for a Web Chat user. */
  async createConversation(id: string, userId: string): Promise<void> {
    await this.prisma.directLineConversation.create({ data: { id, userId, createdAt: this.clock.now() } });
  }

  /** The conversation, or `null` if it does not exist (or was purged). */
  async getConversation(id: string): Promise<{ id: string; userId: string; createdAt: Date } | null> {
    return this.prisma.directLineConversation.findUnique({
      where: { id },
      select: { id: true, userId: true, createdAt: true },
    });
  }

  /**
   * Appends an activity; returns its id and its watermark (the seq as a string). The stored
   * JSON gets `id` = `${conversationId}|${seq padded to 7 digits}` if it had none.
   * @throws if the conversation does not exist.
   */
  async append(
    conversationId: string,
    activity: Record<string, unknown>,
  ): Promise<{ id: string; watermark: string }> {
    return this.prisma.$transaction(async (tx) => {
      // Locking the conversation row first makes appends to one conversation take their seq
      // and commit in the same order, so a poller that has seen seq N never later misses a
      // smaller seq committing behind it. (A separate statement: in one SELECT, nextval would
      // run before the row lock is taken.)
      const locked = await tx.$queryRaw<unknown[]>`
        SELECT 1 FROM "DirectLineConversation" WHERE id = ${conversationId} FOR UPDATE`;
      if (locked.length === 0) throw new Error(`Direct Line conversation not found: ${conversationId}`);
      const [{ seq }] = await tx.$queryRaw<[{ seq: bigint }]>`
        SELECT nextval(pg_get_serial_sequence('"DirectLineActivity"', 'seq')) AS seq`;
      const id =
        typeof activity.id === 'string' && activity.id !== ''
          ? activity.id
          : `${conversationId}|${String(seq).padStart(7, '0')}`;
      await tx.directLineActivity.create({
        data: { seq, conversationId, activity: toJson({ ...activity, id }), createdAt: this.clock.now() },
      });
      return { id, watermark: String(seq) };
    });
  }

  /**
   * Activities with seq > watermark (all when it is undefined or ''), oldest first, at most
   * `limit`; with the new watermark (the last one's seq, or the given watermark when none).
   * A watermark that is not a non-negative integer we could have issued is treated as ''.
   */
  async since(
    conversationId: string,
    watermark: string | undefined,
    limit = 100,
  ): Promise<{ activities: Record<string, unknown>[]; watermark: string }> {
    // Prisma reads a negative `take` as "the last n", which is not what a caller means.
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`limit must be a positive integer: ${limit}`);
    const after = parseWatermark(watermark);
    const rows = await this.prisma.directLineActivity.findMany({
      where: { conversationId, ...(after === undefined ? {} : { seq: { gt: after } }) },
      orderBy: { seq: 'asc' },
      take: limit,
      select: { seq: true, activity: true },
    });
    const last = rows.at(-1);
    return {
      activities: rows.map((row) => row.activity as Record<string, unknown>),
      watermark: last ? String(last.seq) : after === undefined ? '' : String(after),
    };
  }

  /** Deletes conversations (and so their activities) created before now - retentionMs; returns how many. */
  async purgeOlderThan(retentionMs: number): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - retentionMs);
    const { count } = await this.prisma.directLineConversation.deleteMany({
      where: { createdAt: { lt: cutoff } },
    });
    return count;
  }
}

/** The seq a client's watermark stands for, or `undefined` for none (including anything bogus). */
function parseWatermark(watermark: string | undefined): bigint | undefined {
  if (watermark === undefined || !/^[0-9]{1,19}$/.test(watermark)) return undefined;
  const seq = BigInt(watermark);
  return seq <= MAX_SEQ ? seq : undefined;
}
