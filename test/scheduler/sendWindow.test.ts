import { checkInDueDates } from '../../src/domain/dates';
import { memoryLogger } from '../../src/logger';
import { SendWindow } from '../../src/scheduler/sendWindow';

const window = new SendWindow();
const at = (iso: string) => new Date(iso);

describe('the default window: Monday to Friday, 09:00 to 18:30 UK time, not on bank holidays', () => {
  test.each([
    // [instant, expected next opening, why]
    ['2026-06-06T10:00:00Z', '2026-06-08T08:00:00Z', 'Saturday: Monday 09:00 BST'],
    ['2026-06-07T20:00:00Z', '2026-06-08T08:00:00Z', 'Sunday evening: Monday 09:00 BST'],
    ['2026-06-05T17:45:00Z', '2026-06-08T08:00:00Z', '18:45 BST Friday: Monday 09:00 BST'],
    ['2026-01-16T18:45:00Z', '2026-01-19T09:00:00Z', '18:45 GMT Friday: Monday 09:00 GMT'],
    ['2026-06-02T07:59:59Z', '2026-06-02T08:00:00Z', '08:59:59 BST Tuesday: 09:00 the same day'],
    ['2026-06-02T17:30:00Z', '2026-06-03T08:00:00Z', '18:30 BST exactly is closed: Wednesday 09:00'],
    [
      '2025-12-24T18:45:00Z',
      '2025-12-29T09:00:00Z',
      'Christmas Eve evening: past Christmas, Boxing Day, weekend',
    ],
    [
      '2026-12-24T19:00:00Z',
      '2026-12-29T09:00:00Z',
      'Christmas 2026: Boxing Day substitute Monday 28th skipped',
    ],
    ['2027-12-24T12:00:00Z', '2027-12-24T12:00:00Z', 'Christmas Eve 2027 at noon is open'],
    ['2027-12-24T19:00:00Z', '2027-12-29T09:00:00Z', 'Christmas 2027: substitute Monday and Tuesday skipped'],
    ['2026-04-02T18:00:00Z', '2026-04-07T08:00:00Z', 'Easter 2026: Good Friday and Easter Monday skipped'],
    ['2026-04-06T10:00:00Z', '2026-04-07T08:00:00Z', 'on Easter Monday itself'],
    ['2028-01-01T10:00:00Z', '2028-01-04T09:00:00Z', "New Year's Day 2028 substitute Monday skipped"],
    // Clock changes: 29 March 2026 (forward) and 25 October 2026 (back), both Sundays.
    [
      '2026-03-27T18:45:00Z',
      '2026-03-30T08:00:00Z',
      'Friday 18:45 GMT: Monday 09:00 BST after spring forward',
    ],
    ['2026-03-29T01:30:00Z', '2026-03-30T08:00:00Z', 'during the spring-forward night'],
    ['2026-10-23T17:45:00Z', '2026-10-26T09:00:00Z', 'Friday 18:45 BST: Monday 09:00 GMT after fall back'],
    ['2026-10-25T00:30:00Z', '2026-10-26T09:00:00Z', 'during the repeated hour'],
  ])('after %s it next opens at %s (%s)', (instant, expected) => {
    expect(window.nextOpening(at(instant)).toISOString()).toBe(at(expected).toISOString());
  });

  test.each([
    ['2026-03-30T07:59:59Z', false],
    ['2026-03-30T08:00:00Z', true], // 09:00 BST, the first Monday of summer time
    ['2026-03-30T17:29:59Z', true], // 18:29:59 BST
    ['2026-03-30T17:30:00Z', false],
    ['2026-10-26T08:30:00Z', false], // 08:30 GMT: a BST-only calculation would say open
    ['2026-10-26T09:00:00Z', true],
    ['2026-10-26T18:15:00Z', true], // 18:15 GMT
    ['2026-10-26T18:30:00Z', false],
    ['2026-06-06T10:00:00Z', false], // Saturday
    ['2026-12-25T10:00:00Z', false], // Christmas Day, a Friday
  ])('isOpen(%s) is %s', (instant, open) => {
    expect(window.isOpen(at(instant))).toBe(open);
  });

  test('nextOpening of an open instant is that instant', () => {
    const open = at('2026-06-02T12:34:56.789Z');
    expect(window.nextOpening(open).getTime()).toBe(open.getTime());
    expect(window.isOpen(window.nextOpening(at('2026-06-06T10:00:00Z')))).toBe(true);
  });
});

describe('first send instants of the check-ins a sign-up schedules', () => {
  // Due dates come from checkInDueDates; each first send is the window's next opening.
  test.each([
    {
      signUp: '2026-01-31T10:00:00Z', // Saturday 31 January, 10:00 GMT
      due: ['2026-04-30T09:00:00Z', '2026-07-31T09:00:00Z', '2027-01-31T10:00:00Z'],
      send: ['2026-04-30T09:00:00Z', '2026-07-31T09:00:00Z', '2027-02-01T09:00:00Z'],
      why: 'end of month clamps to 30 April; 31 January 2027 is a Sunday',
    },
    {
      signUp: '2028-02-29T10:00:00Z', // leap day
      due: ['2028-05-29T09:00:00Z', '2028-08-29T09:00:00Z', '2029-02-28T10:00:00Z'],
      send: ['2028-05-30T08:00:00Z', '2028-08-29T09:00:00Z', '2029-02-28T10:00:00Z'],
      why: '29 May 2028 is the Spring bank holiday; 12 months is 28 February',
    },
    {
      signUp: '2026-07-24T17:00:00Z', // Friday 18:00 BST
      due: ['2026-10-24T17:00:00Z', '2027-01-24T18:00:00Z', '2027-07-24T17:00:00Z'],
      send: ['2026-10-26T09:00:00Z', '2027-01-25T09:00:00Z', '2027-07-26T08:00:00Z'],
      why: 'due Saturday 24 October (BST), sent Monday after the clocks go back (GMT)',
    },
    {
      signUp: '2026-10-25T00:30:00Z', // 01:30 BST, the first of the repeated hour
      due: ['2027-01-25T01:30:00Z', '2027-04-25T00:30:00Z', '2027-10-25T00:30:00Z'],
      send: ['2027-01-25T09:00:00Z', '2027-04-26T08:00:00Z', '2027-10-25T08:00:00Z'],
      why: 'signed up during the October change; 01:30 local on each due date',
    },
    {
      signUp: '2026-10-25T01:30:00Z', // 01:30 GMT, the second of the repeated hour
      due: ['2027-01-25T01:30:00Z', '2027-04-25T00:30:00Z', '2027-10-25T00:30:00Z'],
      send: ['2027-01-25T09:00:00Z', '2027-04-26T08:00:00Z', '2027-10-25T08:00:00Z'],
      why: 'the same local time gives the same due dates',
    },
    {
      signUp: '2026-12-28T01:30:00Z', // 01:30 GMT; three months on, 01:30 does not exist
      due: ['2027-03-28T01:30:00Z', '2027-06-28T00:30:00Z', '2027-12-28T01:30:00Z'],
      send: ['2027-03-30T08:00:00Z', '2027-06-28T08:00:00Z', '2027-12-29T09:00:00Z'],
      why: 'due in the spring-forward gap on Easter Sunday 2027; Easter Monday skipped',
    },
  ])('sign-up at $signUp: $why', ({ signUp, due, send }) => {
    const dueDates = checkInDueDates(at(signUp));
    expect(dueDates.map((d) => d.wave)).toEqual(['MONTH_3', 'MONTH_6', 'MONTH_12']);
    expect(dueDates.map((d) => d.dueAt.toISOString())).toEqual(due.map((d) => at(d).toISOString()));
    expect(dueDates.map((d) => window.nextOpening(d.dueAt).toISOString())).toEqual(
      send.map((d) => at(d).toISOString()),
    );
  });
});

describe('settings', () => {
  test('other days and hours', () => {
    const saturdayMornings = new SendWindow({ days: [6], start: '10:00', end: '12:00' });
    expect(saturdayMornings.nextOpening(at('2026-06-02T12:00:00Z')).toISOString()).toBe(
      '2026-06-06T09:00:00.000Z',
    );
    expect(saturdayMornings.isOpen(at('2026-06-06T10:59:00Z'))).toBe(true);
    expect(saturdayMornings.isOpen(at('2026-06-06T11:00:00Z'))).toBe(false);
  });

  test.each([
    [{ days: [] }, /days needs at least one day/],
    [{ days: [0] }, /days/],
    [{ days: [1, 1] }, /days lists a day twice/],
    [{ start: '9am' }, /start must be a 24-hour time/],
    [{ start: '18:30', end: '09:00' }, /end must be after start/],
  ])('%j is refused with the setting named', (settings, message) => {
    expect(() => new SendWindow(settings)).toThrow(message);
  });

  test('warns once a year when a date is beyond the bank-holiday list', () => {
    const logger = memoryLogger();
    const window2031 = new SendWindow({}, logger);
    expect(window2031.nextOpening(at('2031-12-24T19:00:00Z')).toISOString()).toBe('2031-12-29T09:00:00.000Z');
    window2031.isOpen(at('2031-06-03T10:00:00Z'));
    const warnings = logger.lines.map((l) => JSON.parse(l)).filter((l) => l.level === 'warn');
    expect(warnings).toEqual([
      expect.objectContaining({ event: 'scheduler.bank_holidays_not_listed', year: 2031, listedTo: 2030 }),
    ]);
  });
});
