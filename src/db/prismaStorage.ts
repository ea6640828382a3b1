import type { Storage, StoreItems } from 'botbuilder';
import type { PrismaClient } from '../generated/prisma/client';
import { systemClock, type Clock } from '../domain/clock';
import { toJson } from './auditLog';

/**
 * botbuilder `Storage` for conversation and user state, kept in the `BotState` model with an
 * integer eTag for optimistic concurrency: any bot instance can take any turn, and two turns
 * that read the same version cannot both write it (the second gets an "eTag conflict" error).
 */
export class PrismaStorage implements Storage {
  /** @param clock stamps each write, so idle state is judged by the same time as everything else. */
  constructor(
    private readonly prisma: PrismaClient,
    private readonly clock: Clock = systemClock,
  ) {}

  /** The stored items among `keys`, each with `eTag` set to its current version. Missing keys are left out. */
  async read(keys: string[]): Promise<StoreItems> {
    if (keys.length === 0) return {};
    const rows = await this.prisma.botState.findMany({ where: { key: { in: keys } } });
    const items: StoreItems = {};
    for (const row of rows) {
      items[row.key] = { ...(row.data as Record<string, unknown>), eTag: String(row.etag) };
    }
    return items;
  }

  /**
   * Writes all `changes` in one transaction. An item without an eTag, or with `'*'`, is
   * written whatever is stored; an item with an eTag is written only if it is still the stored
   * version, otherwise nothing is written and this throws.
   */
  async write(changes: StoreItems): Promise<void> {
    const entries = Object.entries(changes);
    if (entries.length === 0) return;
    const updatedAt = this.clock.now();
    await this.prisma.$transaction(async (tx) => {
      for (const [key, item] of entries) {
        const { eTag, ...rest } = item as { eTag?: unknown };
        const data = toJson(rest);
        if (eTag === undefined || eTag === null || eTag === '*') {
          await tx.botState.upsert({
            where: { key },
            create: { key, data, updatedAt },
            update: { data, updatedAt, etag: { increment: 1 } },
          });
          continue;
        }
        // Zero rows changed: someone else wrote (or deleted) it since our read, or the key is
        // new. An eTag we never issued (not a number) cannot match any stored version either.
        const etag = /^[0-9]{1,9}$/.test(String(eTag)) ? Number(eTag) : undefined;
        const { count } =
          etag === undefined
            ? { count: 0 }
            : await tx.botState.updateMany({
                where: { key, etag },
                data: { data, updatedAt, etag: { increment: 1 } },
              });
        if (count === 0) throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
      }
    });
  }

  /** Deletes the items with these keys; keys that are not stored are ignored. */
  async delete(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.prisma.botState.deleteMany({ where: { key: { in: keys } } });
  }

  /**
   * Deletes state not written since `cutoff`: an unfinished conversation's state holds the
   * answers given so far, and we keep nothing we no longer need. Returns how many went.
   */
  async deleteIdleSince(cutoff: Date): Promise<number> {
    const { count } = await this.prisma.botState.deleteMany({ where: { updatedAt: { lt: cutoff } } });
    return count;
  }
}
