/**
 * Bank holidays in England and Wales, the days the service is closed and no check-in is sent.
 *
 * The list is the one published at https://www.gov.uk/bank-holidays (England and Wales) for the
 * years it covers, typed out by hand and checked in `test/scheduler/bankHolidays.test.ts` against
 * {@link bankHolidaysByRule}. One-off holidays (a coronation, a state funeral) are announced a year
 * or so ahead: add them here, with their year, when they are; the rules cannot know them.
 *
 * A date outside the covered years is still answered, by the rules (the usual eight holidays
 * with substitute days), and {@link bankHolidayLookup} says so (`source: 'rules'`), so a caller
 * can warn that the list needs extending. Refusing to answer would stop every check-in on
 * 1 January of the first uncovered year; the rules are right in every year without a one-off.
 */

/** The years {@link BANK_HOLIDAYS} lists, inclusive. Extend the list before `to` runs out. */
export const BANK_HOLIDAYS_COVER = { from: 2025, to: 2030 } as const;

/** England and Wales bank holidays, 2025 to 2030 inclusive, as 'YYYY-MM-DD'. */
export const BANK_HOLIDAYS: readonly string[] = [
  // 2025
  '2025-01-01', // New Year's Day
  '2025-04-18', // Good Friday
  '2025-04-21', // Easter Monday
  '2025-05-05', // Early May bank holiday
  '2025-05-26', // Spring bank holiday
  '2025-08-25', // Summer bank holiday
  '2025-12-25', // Christmas Day
  '2025-12-26', // Boxing Day
  // 2026
  '2026-01-01',
  '2026-04-03',
  '2026-04-06',
  '2026-05-04',
  '2026-05-25',
  '2026-08-31',
  '2026-12-25',
  '2026-12-28', // Boxing Day (substitute day: 26 December is a Saturday)
  // 2027
  '2027-01-01',
  '2027-03-26',
  '2027-03-29',
  '2027-05-03',
  '2027-05-31',
  '2027-08-30',
  '2027-12-27', // Christmas Day (substitute day: 25 December is a Saturday)
  '2027-12-28', // Boxing Day (substitute day: 26 December is a Sunday)
  // 2028
  '2028-01-03', // New Year's Day (substitute day: 1 January is a Saturday)
  '2028-04-14',
  '2028-04-17',
  '2028-05-01',
  '2028-05-29',
  '2028-08-28',
  '2028-12-25',
  '2028-12-26',
  // 2029
  '2029-01-01',
  '2029-03-30',
  '2029-04-02',
  '2029-05-07',
  '2029-05-28',
  '2029-08-27',
  '2029-12-25',
  '2029-12-26',
  // 2030
  '2030-01-01',
  '2030-04-19',
  '2030-04-22',
  '2030-05-06',
  '2030-05-27',
  '2030-08-26',
  '2030-12-25',
  '2030-12-26',
];

const LISTED = new Set(BANK_HOLIDAYS);
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Where an answer came from: the published list, or the rules for a year the list does not cover. */
export type BankHolidaySource = 'list' | 'rules';

/**
 * Whether a date ('YYYY-MM-DD') is a bank holiday in England and Wales, and whether the answer
 * comes from the published list or, outside {@link BANK_HOLIDAYS_COVER}, from the rules.
 * @throws RangeError if `isoDate` is not in 'YYYY-MM-DD' form.
 */
export function bankHolidayLookup(isoDate: string): { holiday: boolean; source: BankHolidaySource } {
  const match = ISO_DATE.exec(isoDate);
  if (!match) throw new RangeError('bankHolidayLookup needs a date as YYYY-MM-DD');
  const year = Number(match[1]);
  if (year >= BANK_HOLIDAYS_COVER.from && year <= BANK_HOLIDAYS_COVER.to) {
    return { holiday: LISTED.has(isoDate), source: 'list' };
  }
  return { holiday: bankHolidaysByRule(year).includes(isoDate), source: 'rules' };
}

/** Whether a date ('YYYY-MM-DD') is a bank holiday in England and Wales. See {@link bankHolidayLookup}. */
export function isBankHoliday(isoDate: string): boolean {
  return bankHolidayLookup(isoDate).holiday;
}

/**
 * The usual England and Wales bank holidays of a year by rule, as sorted 'YYYY-MM-DD': New Year's
 * Day, Good Friday, Easter Monday, the first and last Mondays of May, the last Monday of August,
 * Christmas Day and Boxing Day; a holiday on a weekend moves to the next weekday not already a
 * holiday. Knows no one-off holidays (or the VE Day move of 2020).
 */
export function bankHolidaysByRule(year: number): string[] {
  if (!Number.isInteger(year) || year < 1583)
    throw new RangeError('bankHolidaysByRule needs a Gregorian year');
  const easter = easterSunday(year);
  const days = [
    substituteWeekend(utc(year, 1, 1), []),
    addDays(easter, -2),
    addDays(easter, 1),
    nthMonday(year, 5, 1),
    lastMonday(year, 5),
    lastMonday(year, 8),
  ];
  // Christmas on a Sunday moves past a weekday Boxing Day (2022: 26 and 27 December).
  const boxing = utc(year, 12, 26);
  const christmas = substituteWeekend(utc(year, 12, 25), isWeekend(boxing) ? [] : [boxing]);
  const boxingDay = substituteWeekend(boxing, [christmas]);
  days.push(christmas, boxingDay);
  return days.map(isoOf).sort();
}

/** Easter Sunday by the anonymous Gregorian computus (Meeus/Jones/Butcher). */
export function easterSunday(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return utc(year, month, day);
}

// Calendar arithmetic on UTC midnights: these are dates, not instants, so no zone applies.
function utc(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, day));
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

function isoOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function isWeekend(date: Date): boolean {
  const day = date.getUTCDay();
  return day === 0 || day === 6;
}

/** The date itself, or if it is a weekend the next weekday not in `taken`. */
function substituteWeekend(date: Date, taken: Date[]): Date {
  if (!isWeekend(date)) return date;
  let next = date;
  while (isWeekend(next) || taken.some((t) => t.getTime() === next.getTime())) next = addDays(next, 1);
  return next;
}

function nthMonday(year: number, month: number, n: number): Date {
  const first = utc(year, month, 1);
  const offset = (8 - first.getUTCDay()) % 7; // days from the 1st to the first Monday
  return addDays(first, offset + 7 * (n - 1));
}

function lastMonday(year: number, month: number): Date {
  const last = utc(year, month + 1, 0); // day 0 of the next month is this month's last day
  const back = (last.getUTCDay() + 6) % 7; // days back from the last day to a Monday
  return addDays(last, -back);
}
