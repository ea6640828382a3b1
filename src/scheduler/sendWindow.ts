import { DateTime } from 'luxon';
import { z } from 'zod';
import { SERVICE_TIME_ZONE } from '../domain/dates';
import type { Logger } from '../logger';
import { BANK_HOLIDAYS_COVER, bankHolidayLookup } from './bankHolidays';

/** When check-ins may be sent, in UK local time. */
export interface SendWindowSettings {
  /** ISO weekdays the window opens on: 1 = Monday ... 7 = Sunday. */
  days: number[];
  /** Local opening time, 'HH:MM' (24-hour). */
  start: string;
  /** Local closing time, 'HH:MM'; the window is open up to but not including it. */
  end: string;
}

/** The service's hours: Monday to Friday, 9am to 6:30pm, so a reply can become a same-day call-back. */
export const DEFAULT_SEND_WINDOW: SendWindowSettings = {
  days: [1, 2, 3, 4, 5],
  start: '09:00',
  end: '18:30',
};

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time like 09:00');

function minutesOf(hhmm: string): number {
  const [hours, minutes] = hhmm.split(':').map(Number);
  return hours * 60 + minutes;
}

/** Validates {@link SendWindowSettings}: at least one weekday, each once, and start before end. */
export const sendWindowSettingsSchema = z
  .object({
    days: z
      .array(z.number().int().min(1).max(7))
      .min(1, 'needs at least one day')
      .refine((days) => new Set(days).size === days.length, 'lists a day twice'),
    start: clockTime,
    end: clockTime,
  })
  .refine((s) => minutesOf(s.start) < minutesOf(s.end), { message: 'must be after start', path: ['end'] });

/**
 * The hours check-ins may be sent: chosen weekdays between two local times in Europe/London,
 * except bank holidays in England and Wales. Opening and closing are wall-clock times on each
 * local date, so 09:00 is 09:00 GMT in winter and 09:00 BST in summer, including on the days the
 * clocks change. (A start inside the spring-forward gap, 01:00 to 02:00, opens at the first
 * instant after it, as luxon resolves non-existent local times; the defaults are nowhere near.)
 */
export class SendWindow {
  readonly settings: SendWindowSettings;
  private readonly warnedYears = new Set<number>();

  /**
   * @param settings overrides of {@link DEFAULT_SEND_WINDOW}.
   * @param logger warned once per year when a date falls outside the bank-holiday list's years.
   * @throws Error naming the setting if the settings are not valid.
   */
  constructor(
    settings: Partial<SendWindowSettings> = {},
    private readonly logger?: Logger,
  ) {
    const parsed = sendWindowSettingsSchema.safeParse({ ...DEFAULT_SEND_WINDOW, ...settings });
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'window'} ${i.message}`);
      throw new Error(`Invalid send window: ${problems.join('; ')}`);
    }
    this.settings = { ...parsed.data, days: [...parsed.data.days].sort((a, b) => a - b) };
  }

  /** Whether a check-in may be sent at this instant. */
  isOpen(instant: Date): boolean {
    const at = DateTime.fromJSDate(instant, { zone: SERVICE_TIME_ZONE });
    const hours = this.hoursOn(at.startOf('day'));
    return hours !== null && at >= hours.opens && at < hours.closes;
  }

  /** The instant itself if the window is open then, otherwise the next instant it opens. */
  nextOpening(instant: Date): Date {
    const at = DateTime.fromJSDate(instant, { zone: SERVICE_TIME_ZONE });
    let day = at.startOf('day');
    // Two years is far more than any run of closed days; the loop ends long before.
    for (let i = 0; i < 731; i += 1, day = day.plus({ days: 1 })) {
      const hours = this.hoursOn(day);
      if (hours === null || at >= hours.closes) continue;
      return at < hours.opens ? hours.opens.toJSDate() : new Date(instant.getTime());
    }
    throw new Error('SendWindow.nextOpening found no opening within two years');
  }

  /** When the window opens and closes on a local date, or null if it stays closed that day. */
  private hoursOn(day: DateTime): { opens: DateTime; closes: DateTime } | null {
    if (!this.settings.days.includes(day.weekday)) return null;
    const isoDate = day.toISODate();
    if (isoDate === null) throw new RangeError('SendWindow needs a valid Date');
    const { holiday, source } = bankHolidayLookup(isoDate);
    if (source === 'rules' && !this.warnedYears.has(day.year)) {
      this.warnedYears.add(day.year);
      this.logger?.warn('scheduler.bank_holidays_not_listed', {
        year: day.year,
        listedFrom: BANK_HOLIDAYS_COVER.from,
        listedTo: BANK_HOLIDAYS_COVER.to,
        note: 'using the usual rules; extend src/scheduler/bankHolidays.ts',
      });
    }
    if (holiday) return null;
    const at = (hhmm: string) => {
      const minutes = minutesOf(hhmm);
      const time = { hour: Math.floor(minutes / 60), minute: minutes % 60 };
      return DateTime.fromObject(
        { year: day.year, month: day.month, day: day.day, ...time },
        { zone: SERVICE_TIME_ZONE },
      );
    };
    return { opens: at(this.settings.start), closes: at(this.settings.end) };
  }
}
