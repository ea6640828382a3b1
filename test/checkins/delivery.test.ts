import { isGsm7, segmentInfo } from '../../src/channels/smsText';
import { checkInDueDates } from '../../src/domain/dates';
import { smsSignUp, webChatSignUp } from '../fixtures/signUpConversations';
import { DirectLineSession } from '../support/app';
import type { TestDatabase } from '../support/db';
import { useSmsApp, type SmsHarness } from '../sms/harness';

let db: TestDatabase;
let h: SmsHarness;
useSmsApp((started) => ({ db, sms: h } = started));

const SIGN_UP_AT = new Date('2026-12-02T10:30:00Z'); // a Wednesday, 10:30 GMT
const threeMonthsAfter = () => checkInDueDates(SIGN_UP_AT)[0].dueAt; // Tue 2 March 2027, 10:30

async function signUpBySms(phone: string) {
  h.clock.set(SIGN_UP_AT);
  for (const [says] of smsSignUp) await h.text(phone, says);
  return db.prisma.resident.findFirstOrThrow({ where: { identities: { some: { address: phone } } } });
}

describe('check-ins by SMS, end to end', () => {
  test('the scheduler texts the check-in once, the resident answers by text and sees their progress', async () => {
    const phone = '+447700900501';
    const resident = await signUpBySms(phone);
    h.clock.set(new Date(threeMonthsAfter().getTime() + 5 * 60_000));
    const before = h.stub.messages.length;
    expect((await h.app.scheduler.tick()).sent).toBe(1);
    await h.app.scheduler.tick(); // a second tick sends nothing more
    const invitation = h.stub.messages.slice(before).filter((m) => m.to === phone);
    expect(invitation).toHaveLength(1);
    expect(invitation[0].body).toMatch(/Hi Alex, it's 3 months since you joined LiveWell Dorset/);
    expect(invitation[0].body).toMatch(
      /Reply with a number:\n1. Yes, let's start\n2. Not now\n3. Stop check-ins/,
    );
    expect(invitation[0].body).toMatch(/STOP/);

    // Where the answer is a number, the shortcuts are words: "1" must stay an answer.
    expect((await h.text(phone, '1')).join('\n')).toMatch(
      /How much do you weigh\?[\s\S]*You can also reply "Prefer not to say" or "Same as last time"\./,
    );
    expect((await h.text(phone, '11 stone')).join('\n')).toMatch(/how many days/);
    // Where the answer is a choice, "Same as last time" comes after the choices, which keep their numbers.
    expect((await h.text(phone, 'same')).join('\n')).toMatch(
      /1\. I have never smoked\n2\. I used to smoke\n3\. Yes, I smoke\n4\. Prefer not to say\n5\. Same as last time/,
    );
    await h.text(phone, '2'); // "I used to smoke", as shown
    const progress = (await h.text(phone, '1')).join('\n'); // one drink, not a choice
    expect(progress).toMatch(
      /Thank you, Alex\. You've lost 0\.2kg|Thank you, Alex\. Your weight is about the same/,
    );
    const wave = await db.prisma.assessment.findFirstOrThrow({
      where: { residentId: resident.id, kind: 'MONTH_3' },
    });
    expect(wave).toMatchObject({ heightCm: 165, activeDays: 0, smokingStatus: 'FORMER', drinksPerWeek: 1 });
    expect(wave.weightKg).toBeCloseTo(69.9, 1);
    const checkIn = await db.prisma.checkIn.findFirstOrThrow({
      where: { residentId: resident.id, wave: 'MONTH_3' },
    });
    expect(checkIn.status).toBe('COMPLETED');
  });

  test('no reply: one reminder after 3 days, then nothing more, then missed after 14 days', async () => {
    const phone = '+447700900502';
    const resident = await signUpBySms(phone);
    const due = threeMonthsAfter();
    h.clock.set(new Date(due.getTime() + 60_000));
    await h.app.scheduler.tick();
    h.clock.set(new Date(due.getTime() + 3 * 86_400_000 + 60_000)); // Friday 5 March, 10:31
    const before = h.stub.messages.length;
    await h.app.scheduler.tick();
    await h.app.scheduler.tick();
    const reminders = h.stub.messages.slice(before).filter((m) => m.to === phone);
    expect(reminders.map((m) => m.body)).toEqual([
      expect.stringMatching(/^Just a reminder from LiveWell Dorset\. Hi Alex/),
    ]);
    h.clock.set(new Date(due.getTime() + 15 * 86_400_000));
    await h.app.scheduler.tick();
    const waves = await db.prisma.checkIn.findMany({
      where: { residentId: resident.id },
      orderBy: { dueAt: 'asc' },
    });
    expect(waves.map((w) => w.status)).toEqual(['MISSED', 'SCHEDULED', 'SCHEDULED']);
  });

  test('every check-in text sent is plain GSM-7 and at most 3 segments', async () => {
    const checkInTexts = h.stub.messages.filter((m) =>
      /months since you joined|weigh|how many days|smoke|drinks|Thank you, Alex/.test(m.body),
    );
    expect(checkInTexts.length).toBeGreaterThan(5);
    for (const { body } of h.stub.messages) {
      expect(isGsm7(body)).toBe(true);
      expect(segmentInfo(body).segments).toBeLessThanOrEqual(3);
    }
  });

  test('an opted-out number is never sent its check-in', async () => {
    const phone = '+447700900503';
    await signUpBySms(phone);
    await h.text(phone, 'STOP');
    h.clock.set(new Date(threeMonthsAfter().getTime() + 60_000));
    const before = h.stub.messages.length;
    await h.app.scheduler.tick();
    expect(h.stub.messages.slice(before).filter((m) => m.to === phone)).toEqual([]);
  });
});

describe('check-ins on web chat', () => {
  test('a returning browser is offered its due check-in first, after confirming its date of birth', async () => {
    h.clock.set(SIGN_UP_AT);
    const first = await DirectLineSession.start(h.base);
    await first.botReplies();
    for (const [says] of webChatSignUp.slice(1)) await first.say(says);
    h.clock.set(new Date(threeMonthsAfter().getTime() + 60_000));
    await h.app.scheduler.tick();

    const back = await DirectLineSession.start(h.base, first.cookie);
    expect(back.userId).toBe(first.userId);
    const greeting = (await back.botReplies()).join('\n');
    expect(greeting).toMatch(/check-in[\s\S]*date of birth/);
    expect(greeting).not.toContain('Sam');
    expect((await back.say('12/03/1980')).join('\n')).toMatch(/Hi Sam, it's 3 months/);
  });
});
