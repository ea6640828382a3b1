import { ManualClock } from '../../src/domain/clock';
import { checkInDueDates } from '../../src/domain/dates';
import { smsSignUp, webChatSignUp } from '../fixtures/signUpConversations';
import { converse, say } from '../support/conversation';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { dialogClient } from '../support/dialogClient';

let db: TestDatabase;
beforeAll(async () => (db = await createTestDatabase()));
afterAll(() => db.drop());
beforeEach(async () => {
  await db.prisma.resident.deleteMany();
  await db.prisma.auditEvent.deleteMany();
});

const SIGNED_UP = new Date('2026-12-02T10:30:00Z');
let clock: ManualClock;

function client(channelId: 'directline' | 'sms', from: string) {
  return dialogClient(db.prisma, clock, channelId, from);
}

/** Signs a resident up through the conversation, then makes their 3-month check-in due and sent. */
async function signedUpWithCheckInSent(channelId: 'directline' | 'sms', from: string) {
  clock = new ManualClock(SIGNED_UP);
  await converse(client(channelId, from), channelId === 'sms' ? smsSignUp : webChatSignUp);
  const [threeMonths] = checkInDueDates(SIGNED_UP);
  clock.set(new Date(threeMonths.dueAt.getTime() + 60_000));
  await db.prisma.checkIn.updateMany({
    where: { wave: 'MONTH_3' },
    data: { status: 'SENT', sentAt: clock.now() },
  });
}

describe('a check-in by SMS', () => {
  const phone = '+447700900456';

  test('the resident answers, with "same", and sees their progress; the wave is stored and closed', async () => {
    await signedUpWithCheckInSent('sms', phone);
    const c = client('sms', phone);
    await converse(c, [
      [
        'Hi',
        [
          "Hi Alex, it's 3 months since you joined",
          'Reply STOP',
          "[Yes, let's start | Not now | Stop check-ins]",
        ],
      ],
      [
        'yes',
        ['How much do you weigh?', 'Last time you told us 70kg', '[Prefer not to say | Same as last time]'],
      ],
      ['66kg', [/BMI is 24\.2/, 'how many days', 'Last time you told us 0 days', 'Same as last time']],
      ['4', ['Do you smoke?', 'I used to smoke']],
      ['same', ['alcoholic drinks', 'Last time you preferred not to say']],
      [
        '3',
        [
          "Thank you, Alex. You've lost 4kg (9 pounds)",
          'BMI has gone from 25.7 to 24.2',
          '4 more days a week',
          'call us on freephone 0800 840 1628',
        ],
      ],
    ]);
    const wave = await db.prisma.assessment.findFirstOrThrow({ where: { kind: 'MONTH_3' } });
    expect(wave).toMatchObject({
      heightCm: 165,
      weightKg: 66,
      bmi: 24.2,
      activeDays: 4,
      smokingStatus: 'FORMER',
      drinksPerWeek: 3,
      unitsPerWeek: 6,
    });
    const checkIns = await db.prisma.checkIn.findMany({ orderBy: { dueAt: 'asc' } });
    expect(checkIns.map((x) => x.status)).toEqual(['COMPLETED', 'SCHEDULED', 'SCHEDULED']);
    expect(await db.prisma.auditEvent.count({ where: { action: 'checkin.completed' } })).toBe(1);
  });

  test('"not now" keeps it open and asks again once later', async () => {
    await signedUpWithCheckInSent('sms', phone);
    await converse(client('sms', phone), [
      ['hello', ["it's 3 months"]],
      ['Not now', ["We'll remind you in a few days"]],
    ]);
    const open = await db.prisma.checkIn.findFirstOrThrow({ where: { wave: 'MONTH_3' } });
    expect(open).toMatchObject({ status: 'SENT', remindedAt: null });
    expect(open.sentAt).toEqual(clock.now());
  });

  test('"not now" works once; a second one leaves the reminder and expiry as they were', async () => {
    await signedUpWithCheckInSent('sms', phone);
    await converse(client('sms', phone), [
      ['hello', ["it's 3 months"]],
      ['Not now', ["We'll remind you in a few days"]],
    ]);
    const first = await db.prisma.checkIn.findFirstOrThrow({ where: { wave: 'MONTH_3' } });
    clock.advance(86_400_000);
    await converse(client('sms', phone), [
      ['hi again', ["it's 3 months"]],
      ['not now', ['You can answer any time in the next few days']],
    ]);
    const second = await db.prisma.checkIn.findFirstOrThrow({ where: { wave: 'MONTH_3' } });
    expect(second.sentAt).toEqual(first.sentAt);
    expect(second.postponedAt).toEqual(first.postponedAt);
  });

  test('answers to a check-in that closed meanwhile are not kept', async () => {
    await signedUpWithCheckInSent('sms', phone);
    const c = client('sms', phone);
    await converse(c, [
      ['hello', ["it's 3 months"]],
      ['1', ['weigh']],
      ['70kg', ['how many days']],
      ['3', ['Do you smoke?']],
      ['1', ['alcoholic drinks']],
    ]);
    await db.prisma.checkIn.updateMany({ where: { wave: 'MONTH_3' }, data: { status: 'MISSED' } });
    await converse(c, [
      ['2', ['This check-in has closed, so we have not kept these answers', '0800 840 1628']],
    ]);
    expect(await db.prisma.assessment.count({ where: { kind: 'MONTH_3' } })).toBe(0);
  });

  test('"stop check-ins" cancels the remaining waves and is recorded', async () => {
    await signedUpWithCheckInSent('sms', phone);
    await converse(client('sms', phone), [
      ['hello', ["it's 3 months"]],
      ['3', ["we won't send you any more check-ins"]],
    ]);
    expect((await db.prisma.checkIn.findMany()).map((x) => x.status)).toEqual([
      'CANCELLED',
      'CANCELLED',
      'CANCELLED',
    ]);
    expect(await db.prisma.auditEvent.count({ where: { action: 'checkins.stopped' } })).toBe(1);
  });
});

describe('a check-in offered on web chat', () => {
  const userId = 'dl_returning_browser';

  test('shows nothing personal until the date of birth matches, then runs the check-in', async () => {
    await signedUpWithCheckInSent('directline', userId);
    const c = client('directline', userId);
    const first = (await say(c, 'hi')).join('\n');
    expect(first).toContain('date of birth');
    expect(first).not.toContain('Sam');
    const wrong = (await say(c, '13/03/1980')).join('\n');
    expect(wrong).toContain("doesn't match");
    expect(wrong).not.toContain('Sam');
    await converse(c, [
      ['12 March 1980', ["Hi Sam, it's 3 months"]],
      ["Yes, let's start", ['weigh', 'Last time you told us 79.8kg (12 stone 8 pounds)']],
      ['same', ['how many days']],
      ['same', ['Do you smoke?']],
      ['I used to smoke', ['alcoholic drinks']],
      [
        '2',
        ['Thank you, Sam.', "You've stopped smoking. That is a really big deal", '4 drinks fewer a week'],
      ],
    ]);
    expect(await db.prisma.assessment.findFirstOrThrow({ where: { kind: 'MONTH_3' } })).toMatchObject({
      weightKg: 79.8,
      smokingStatus: 'FORMER',
      cigarettesPerDay: null,
    });
  });

  test('three wrong dates of birth end with the phone number and nothing shown', async () => {
    await signedUpWithCheckInSent('directline', userId);
    const c = client('directline', userId);
    await say(c, 'hi');
    await say(c, '01/01/1990');
    await say(c, '02/01/1990');
    const last = (await say(c, '03/01/1990')).join('\n');
    expect(last).toContain("couldn't confirm it's you");
    expect(last).toContain('0800 840 1628');
    expect(last).not.toContain('Sam');
  });

  test('a check-in due but not yet sent (a Saturday) is offered when the resident comes to us', async () => {
    await signedUpWithCheckInSent('directline', userId);
    await db.prisma.checkIn.updateMany({
      where: { wave: 'MONTH_3' },
      data: { status: 'SCHEDULED', sentAt: null },
    });
    const c = client('directline', userId);
    await say(c, 'hi');
    expect((await say(c, '12/03/1980')).join('\n')).toMatch(/Hi Sam, it's 3 months/);
  });

  test('a browser with no open check-in gets the normal greeting', async () => {
    clock = new ManualClock(SIGNED_UP);
    expect((await say(client('directline', 'dl_someone_else'), 'hi')).join('\n')).toContain('Are you new');
  });
});
