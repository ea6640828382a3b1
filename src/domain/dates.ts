import { DateTime } from 'luxon';

/** The service runs on UK time: every "today" and every due date is worked out in this zone. */
export const SERVICE_TIME_ZONE = 'Europe/London';

/** The date in Europe/London at an instant, as 'YYYY-MM-DD'. */
export function londonDate(now: Date): string {
  const date = DateTime.fromJSDate(now, { zone: SERVICE_TIME_ZONE }).toISODate();
  if (date === null) throw new RangeError('londonDate needs a valid Date');
  return date;
}

/** Which follow-up a check-in is: 3, 6 or 12 months after sign-up. */
export type CheckInWaveValue = 'MONTH_3' | 'MONTH_6' | 'MONTH_12';

const WAVES: readonly { wave: CheckInWaveValue; months: number }[] = [
  { wave: 'MONTH_3', months: 3 },
  { wave: 'MONTH_6', months: 6 },
  { wave: 'MONTH_12', months: 12 },
];

/**
 * When each check-in is due: 3, 6 and 12 calendar months after sign-up, at the same UK wall-clock
 * time (10:00 BST in July is due at 10:00 GMT in October). A day the target month lacks becomes
 * its last day (31 January + 3 months is 30 April; 29 February 2028 + 12 months is 28 February 2029).
 */
export function checkInDueDates(signedUpAt: Date): { wave: CheckInWaveValue; dueAt: Date }[] {
  const signedUp = DateTime.fromJSDate(signedUpAt, { zone: SERVICE_TIME_ZONE });
  if (!signedUp.isValid) throw new RangeError('checkInDueDates needs a valid Date');
  // Luxon adds calendar months in the zone's local time and clamps to the end of a shorter month.
  return WAVES.map(({ wave, months }) => ({ wave, dueAt: signedUp.plus({ months }).toJSDate() }));
}

/** Reads a 'YYYY-MM-DD' date, or undefined if it is not a real date in that form. */
export function parseIsoDate(value: string): { year: number; month: number; day: number } | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return DateTime.fromObject({ year, month, day }, { zone: 'UTC' }).isValid
    ? { year, month, day }
    : undefined;
}

/**
 * Age in whole years on a date, both as 'YYYY-MM-DD'. Someone born on 29 February turns a year
 * older on 1 March in other years, as in UK law.
 */
export function ageOn(dateOfBirth: string, today: string): number {
  const born = parseIsoDate(dateOfBirth);
  const on = parseIsoDate(today);
  if (!born || !on) throw new RangeError('ageOn needs both dates as YYYY-MM-DD');
  const hadBirthday = on.month > born.month || (on.month === born.month && on.day >= born.day);
  return on.year - born.year - (hadBirthday ? 0 : 1);
}
