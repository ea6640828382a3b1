import { parseArgs, runCheckinsCommand } from '../../scripts/checkins';
import { ManualClock } from '../../src/domain/clock';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { aResident, DAY } from './builders';

describe('npm run checkins -- ...', () => {
  test.each([
    [['due'], { command: 'due', days: 7 }],
    [['due', '--days', '14'], { command: 'due', days: 14 }],
    [['due', '--days=0'], { command: 'due', days: 0 }],
  ])('%j is understood', (argv, expected) => {
    expect(parseArgs(argv)).toEqual(expected);
  });

  test.each([
    [[], /Say which command/],
    [['list'], /Unknown command "list"/],
    [['due', '--days'], /--days needs a whole number/],
    [['due', '--days', 'seven'], /--days needs a whole number/],
    [['due', '--days', '400'], /--days needs a whole number/],
    [['due', '--verbose'], /Unknown option "--verbose"/],
  ])('%j is refused with what to type instead', (argv, message) => {
    const parsed = parseArgs(argv);
    expect('error' in parsed && parsed.error).toMatch(message);
  });
});

describe('due', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  test('prints the due and overdue check-ins as a table, with no names', async () => {
    const now = new Date('2026-12-04T16:00:00Z');
    const sam = await aResident(db.prisma, {
      firstName: 'Samantha',
      checkIns: [
        { wave: 'MONTH_3', dueAt: new Date(now.getTime() - 2 * DAY) },
        { wave: 'MONTH_6', dueAt: new Date(now.getTime() + 3 * DAY) },
        { wave: 'MONTH_12', dueAt: new Date(now.getTime() + 30 * DAY) },
      ],
    });
    let output = '';
    await runCheckinsCommand(
      { command: 'due', days: 7 },
      { prisma: db.prisma, clock: new ManualClock(now), write: (text) => (output += text) },
    );
    const prefix = sam.residentId.slice(0, 8);
    expect(output).toBe(
      [
        'Open check-ins due by Fri 11 Dec 2026 16:00 (UK time), including overdue: 2 (1 overdue).',
        '',
        'Wave     Due (UK time)         Status                 Resident',
        `MONTH_3  Wed 2 Dec 2026 16:00  OVERDUE, not sent yet  ${prefix}`,
        `MONTH_6  Mon 7 Dec 2026 16:00  scheduled              ${prefix}`,
        '',
      ].join('\n'),
    );
    expect(output).not.toContain('Samantha');
  });
});
