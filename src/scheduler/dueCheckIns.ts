import { DateTime } from 'luxon';
import type { CheckInWave, PrismaClient } from '../generated/prisma/client';
import { SERVICE_TIME_ZONE } from '../domain/dates';

/** A check-in that is still open: not yet sent, or sent and waiting for the resident's reply. */
export type OpenCheckInStatus = 'SCHEDULED' | 'SENT' | 'REMINDED';

/** The statuses a check-in can still change from on its own (the scheduler's work). */
export const OPEN_STATUSES: readonly OpenCheckInStatus[] = ['SCHEDULED', 'SENT', 'REMINDED'];

/** One row of the operators' list: ids and times only, no personal details. */
export interface DueCheckIn {
  checkInId: string;
  residentId: string;
  wave: CheckInWave;
  dueAt: Date;
  status: OpenCheckInStatus;
  sentAt: Date | null;
  remindedAt: Date | null;
  /** Due and still not sent (waiting for the send window, or its sends are failing). */
  overdue: boolean;
}

/**
 * Open check-ins due within `withinDays` days of `now` (UK calendar days), including every one
 * already due: overdue ones not yet sent, and sent ones still waiting for a reply. Earliest first.
 * @throws RangeError if `withinDays` is not a whole number from 0 to 366.
 */
export async function listDueCheckIns(
  prisma: PrismaClient,
  now: Date,
  { withinDays }: { withinDays: number },
): Promise<DueCheckIn[]> {
  if (!Number.isInteger(withinDays) || withinDays < 0 || withinDays > 366) {
    throw new RangeError('withinDays must be a whole number of days from 0 to 366');
  }
  const horizon = DateTime.fromJSDate(now, { zone: SERVICE_TIME_ZONE }).plus({ days: withinDays }).toJSDate();
  const rows = await prisma.checkIn.findMany({
    where: { status: { in: [...OPEN_STATUSES] }, dueAt: { lte: horizon } },
    orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      residentId: true,
      wave: true,
      dueAt: true,
      status: true,
      sentAt: true,
      remindedAt: true,
    },
  });
  return rows.map(({ id, status, ...row }) => ({
    checkInId: id,
    ...row,
    status: status as OpenCheckInStatus,
    overdue: status === 'SCHEDULED' && row.dueAt <= now,
  }));
}

/** How the operators' table shows an instant: UK local time, e.g. 'Mon 7 Dec 2026 09:00'. */
export function formatLocal(instant: Date): string {
  return DateTime.fromJSDate(instant, { zone: SERVICE_TIME_ZONE }).toFormat('ccc d LLL yyyy HH:mm');
}

const STATUS_LABEL: Record<OpenCheckInStatus, string> = {
  SCHEDULED: 'scheduled',
  SENT: 'sent, awaiting reply',
  REMINDED: 'reminded, awaiting reply',
};

/**
 * The operators' table of {@link listDueCheckIns}: wave, due time in UK local time, status and
 * the first 8 characters of the resident id (enough to look them up, no names).
 */
export function formatDueTable(
  rows: DueCheckIn[],
  { now, withinDays }: { now: Date; withinDays: number },
): string {
  const horizon = DateTime.fromJSDate(now, { zone: SERVICE_TIME_ZONE }).plus({ days: withinDays }).toJSDate();
  const heading = `Open check-ins due by ${formatLocal(horizon)} (UK time), including overdue`;
  if (rows.length === 0) return `${heading}: none.\n`;
  const table = [
    ['Wave', 'Due (UK time)', 'Status', 'Resident'],
    ...rows.map((row) => [
      row.wave,
      formatLocal(row.dueAt),
      row.overdue ? 'OVERDUE, not sent yet' : STATUS_LABEL[row.status],
      row.residentId.slice(0, 8),
    ]),
  ];
  const widths = table[0].map((_, column) => Math.max(...table.map((line) => line[column].length)));
  const lines = table.map((line) =>
    line
      .map((cell, column) => cell.padEnd(widths[column]))
      .join('  ')
      .trimEnd(),
  );
  const overdue = rows.filter((row) => row.overdue).length;
  return `${heading}: ${rows.length} (${overdue} overdue).\n\n${lines.join('\n')}\n`;
}
