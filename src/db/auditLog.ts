import type { Prisma, PrismaClient } from '../generated/prisma/client';

/** One entry in the audit trail. `details` must never hold personal values. */
export interface AuditEntry {
  /** Who did it, e.g. `resident:<id>`, `staff:<id>`, `system:scheduler`. */
  actor: string;
  /** What happened, e.g. `resident.signed_up`. */
  action: string;
  /** The model it happened to, e.g. `Resident`. */
  entity: string;
  entityId: string;
  /** Context without personal values, e.g. `{ channel: 'sms' }`. */
  details?: Record<string, unknown>;
  /** When it happened; the database's clock when omitted. */
  at?: Date;
}

/** Writes the audit trail (the `AuditEvent` model): who changed or read what. */
export class AuditLog {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Records one event. Pass `tx` to write it in the caller's transaction, so the event exists
   * exactly when the change it describes does.
   */
  async record(entry: AuditEntry, tx?: Prisma.TransactionClient): Promise<void> {
    const { details, ...rest } = entry;
    await (tx ?? this.prisma).auditEvent.create({
      data: { ...rest, ...(details === undefined ? {} : { details: toJson(details) }) },
    });
  }
}

/** A JSON copy of a plain value, as Prisma's `Json` columns take it (drops `undefined`, Dates to strings). */
export function toJson(value: unknown): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}
