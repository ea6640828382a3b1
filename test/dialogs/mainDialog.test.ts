import type { DialogTestClient } from 'botbuilder-testing';
import { CONSENT_STATEMENT_SHA256, CONSENT_STATEMENT_VERSION } from '../../src/domain/consentStatement';
import { ManualClock } from '../../src/domain/clock';
import { smsSignUp, webChatSignUp } from '../fixtures/signUpConversations';
import { converse, say, type Exchange } from '../support/conversation';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { dialogClient } from '../support/dialogClient';

let db: TestDatabase;
beforeAll(async () => (db = await createTestDatabase()));
afterAll(() => db.drop());
beforeEach(async () => {
  await db.prisma.resident.deleteMany();
  await db.prisma.auditEvent.deleteMany();
});

// 10:30 on a Wednesday in winter (GMT).
const clock = new ManualClock(new Date('2026-12-02T10:30:00Z'));

function client(channelId: 'directline' | 'sms', from = channelId === 'sms' ? '+447700900999' : 'dl_user_1') {
  return dialogClient(db.prisma, clock, channelId, from);
}

/** Plays the sign-up up to the question that `upTo` reaches, for tests that start mid-way. */
async function playUntil(c: DialogTestClient, script: Exchange[], upTo: string) {
  const index = script.findIndex(([says]) => says === upTo);
  await converse(c, script.slice(0, index + 1));
}

describe('sign-up on web chat', () => {
  test('the whole conversation stores one resident, consent, baseline and three check-ins', async () => {
    await converse(client('directline'), webChatSignUp);
    const residents = await db.prisma.resident.findMany({
      include: { consents: true, assessments: true, checkIns: true, identities: true },
    });
    expect(residents).toHaveLength(1);
    const r = residents[0];
    expect(r).toMatchObject({
      firstName: 'Sam',
      lastName: 'Smith',
      postcode: 'BH1 1AA',
      addressLine1: '12 High Street',
      email: 'sam@example.com',
      phone: '+447700900123',
      ethnicityGroup: 'WHITE',
      signUpChannel: 'directline',
      goals: ['MOVE_MORE', 'LOSE_WEIGHT'],
    });
    expect(r.dateOfBirth.toISOString().slice(0, 10)).toBe('1980-03-12');
    expect(r.barrierComB).not.toBeNull();
    expect(r.consents).toEqual([
      expect.objectContaining({
        statementVersion: CONSENT_STATEMENT_VERSION,
        textSha256: CONSENT_STATEMENT_SHA256,
        channel: 'directline',
        withdrawnAt: null,
      }),
    ]);
    const [baseline] = r.assessments;
    expect(baseline.kind).toBe('BASELINE');
    expect(baseline.heightCm).toBeCloseTo(177.8, 0);
    expect(baseline.weightKg).toBeCloseTo(79.8, 0);
    expect(baseline.bmi).toBeCloseTo(25.2, 0);
    expect(baseline).toMatchObject({
      activeDays: 3,
      smokingStatus: 'CURRENT',
      cigarettesPerDay: 10,
      drinksPerWeek: 6,
    });
    expect(baseline.unitsPerWeek).toBeGreaterThan(0);
    expect(r.checkIns.map((c) => [c.wave, c.dueAt.toISOString()]).sort()).toEqual([
      ['MONTH_12', '2027-12-02T10:30:00.000Z'],
      ['MONTH_3', '2027-03-02T10:30:00.000Z'],
      ['MONTH_6', '2027-06-02T09:30:00.000Z'], // 10:30 BST
    ]);
    expect(r.identities).toEqual([expect.objectContaining({ channel: 'directline', address: 'dl_user_1' })]);
  });

  test('declining consent ends kindly and stores nothing', async () => {
    const c = client('directline');
    await converse(c, [
      ['hi', ['Are you new']],
      ['new', ['Do you consent']],
      ['no thanks', ["Sorry, we can't continue", 'Nothing you told us has been kept', '0800 840 1628']],
    ]);
    expect(await db.prisma.resident.count()).toBe(0);
    expect(await db.prisma.consent.count()).toBe(0);
    expect(await db.prisma.auditEvent.count()).toBe(0);
  });

  test('a returning resident is welcomed back and given the phone number and hours', async () => {
    await converse(client('directline'), [
      ['hi', ['Are you new']],
      [
        "I've been in touch before",
        ['Welcome back', 'freephone 0800 840 1628', 'Monday to Friday, 9am to 6:30pm'],
      ],
    ]);
    expect(await db.prisma.resident.count()).toBe(0);
  });
});

describe('a resident we already know', () => {
  test('is welcomed back without being asked if they are new, and without their name', async () => {
    await converse(client('sms', '+447700900321'), smsSignUp);
    const replies = (await say(client('sms', '+447700900321'), 'Hello again')).join('\n');
    expect(replies).toContain('Welcome back');
    expect(replies).toContain('0800 840 1628');
    expect(replies).not.toContain('Are you new');
    expect(replies).not.toContain('Alex');
  });
});

describe('sign-up by SMS text', () => {
  test('numbers, "yep" and "prefer not to say" work, and the phone is the contact', async () => {
    await converse(client('sms'), smsSignUp);
    const r = await db.prisma.resident.findFirstOrThrow({ include: { assessments: true } });
    expect(r).toMatchObject({
      firstName: 'Alex',
      lastName: "O'Neill",
      email: null,
      phone: '+447700900456',
      ethnicityGroup: 'PREFER_NOT_TO_SAY',
      signUpChannel: 'sms',
      goals: ['STOP_SMOKING'],
      barrier: null,
    });
    expect(r.assessments[0]).toMatchObject({
      activeDays: 0,
      smokingStatus: 'FORMER',
      cigarettesPerDay: null,
      drinksPerWeek: null,
      unitsPerWeek: null,
    });
  });
});

describe('on SMS the number being texted from can be the phone number', () => {
  test('"Use this number" stores the sender\'s number', async () => {
    const c = client('sms', '+447700900777');
    const index = smsSignUp.findIndex(([says]) => says === '+44 7700 900456');
    await converse(c, smsSignUp.slice(0, index));
    await converse(c, [['Use this number', ['How tall']]]);
    await converse(c, smsSignUp.slice(index + 1));
    expect((await db.prisma.resident.findFirstOrThrow()).phone).toBe('+447700900777');
  });

  test('the sign-up phone question offers the button only on SMS', async () => {
    const upToEmail = (script: Exchange[], email: string) =>
      script.slice(0, script.findIndex(([says]) => says === email) + 1);
    const web = await converse(client('directline'), upToEmail(webChatSignUp, 'sam@example.com'));
    expect(web.at(-1)!.join('\n')).toMatch(/phone number\?/);
    expect(web.at(-1)!.join('\n')).not.toContain('Use this number');
    const sms = await converse(client('sms'), upToEmail(smsSignUp, 'skip'));
    expect(sms.at(-1)!.join('\n')).toMatch(/phone number\?[\s\S]*\[Use this number\]/);
  });
});

describe('every question re-asks with what it needs and an example, and keeps earlier answers', () => {
  const badAnswers: [question: string, bad: string, expected: RegExp][] = [
    ['Sam', '', /first name, like/i],
    ['Smith', '12345', /last name, like/i],
    ['12/03/1980', '31/02/1980', /like 12\/03\/1980|for example/i],
    ['bh1 1aa', 'not a postcode', /BH1 1AA/],
    ['12 High Street', '💩💩💩', /12 High Street/],
    ['White', 'purple', /Prefer not to say|type its number|like/i],
    ['sam@example.com', 'sam@', /like|for example/i],
    ['07700 900123', '12', /07700 900123|like/i],
    ["5'10", '70kg', /170cm|5ft/],
    ['12st 8lb', '5ft', /80kg|12st/],
    ['3', '9', /0 to 7/],
    ['Yes, I smoke', "<script>alert('x')</script>", /.+/],
    ['10', "'; DROP TABLE residents;--", /like 10/],
    ['6', 'x'.repeat(5000), /long|like/i],
    ['move more and lose weight', 'nothing', /like/i],
  ];
  const cases = (['directline', 'sms'] as const).flatMap((channel) =>
    badAnswers.map(([good, bad, expected]) => ({
      channel,
      good,
      bad,
      expected,
      shown: bad.length > 40 ? `${bad.slice(0, 10)}... (${bad.length} characters)` : bad,
    })),
  );
  test.each(cases)(
    'on $channel, before "$good", the bad answer "$shown" gets a clear re-ask',
    async ({ channel, good, bad, expected }) => {
      const c = client(channel);
      const index = webChatSignUp.findIndex(([says]) => says === good);
      await converse(c, webChatSignUp.slice(0, index));
      const replies = await say(c, bad);
      expect(replies.join('\n')).toMatch(expected);
      // The good answer still works and the conversation continues to the end with earlier answers kept.
      await converse(c, webChatSignUp.slice(index));
      expect(await db.prisma.resident.count()).toBe(1);
    },
  );

  test('after three failed tries at one question the phone number is offered', async () => {
    const c = client('directline');
    await playUntil(c, webChatSignUp, '12/03/1980');
    await say(c, 'nope');
    await say(c, 'still no');
    const third = (await say(c, 'zzz')).join('\n');
    expect(third).toContain('0800 840 1628');
    expect(third).toContain('Your answers so far are kept');
  });
});

describe('help, start over, call me', () => {
  test('"help" explains the current question and asks it again', async () => {
    const c = client('directline');
    await playUntil(c, webChatSignUp, '12/03/1980');
    const replies = (await say(c, 'help')).join('\n');
    expect(replies).toMatch(/Bournemouth, Poole and Dorset/);
    expect(replies).toMatch(/postcode\? For example, BH1 1AA/);
  });

  test('"start over" goes back to the first question and forgets the answers', async () => {
    const c = client('directline');
    await playUntil(c, webChatSignUp, 'Smith');
    expect((await say(c, 'Start over')).join('\n')).toMatch(/start again[\s\S]*Are you new/);
    await converse(c, webChatSignUp.slice(1));
    expect((await db.prisma.resident.findFirstOrThrow()).firstName).toBe('Sam');
  });

  test('"call me" gives the phone number and hours, then asks the question again', async () => {
    const c = client('directline');
    await playUntil(c, webChatSignUp, 'Sam');
    const replies = (await say(c, 'call me')).join('\n');
    expect(replies).toMatch(/freephone 0800 840 1628, Monday to Friday, 9am to 6:30pm[\s\S]*last name/);
  });
});

describe('ending kindly', () => {
  test('under the minimum age: a kind message with the phone number, nothing stored', async () => {
    const c = client('directline');
    await playUntil(c, webChatSignUp, 'Smith');
    const replies = (await say(c, '01/01/2015')).join('\n');
    expect(replies).toContain('0800 840 1628');
    expect(await db.prisma.resident.count()).toBe(0);
  });

  test('outside Bournemouth, Poole and Dorset: says what the service covers and the phone number, then lets them correct it', async () => {
    const c = client('directline');
    await playUntil(c, webChatSignUp, '12/03/1980');
    const replies = (await say(c, 'SW1A 1AA')).join('\n');
    expect(replies).toMatch(/Bournemouth, Poole and Dorset/);
    expect(replies).toContain('0800 840 1628');
    expect(await db.prisma.resident.count()).toBe(0);
    await converse(c, webChatSignUp.slice(webChatSignUp.findIndex(([s]) => s === 'bh1 1aa')));
    expect((await db.prisma.resident.findFirstOrThrow()).firstName).toBe('Sam');
  });
});

describe('change an answer at the summary', () => {
  test('changing the postcode asks only that again and stores the new one', async () => {
    const c = client('directline');
    await converse(c, webChatSignUp.slice(0, -1));
    await converse(c, [
      ['Change something', ['Which answer']],
      ['Postcode', ['postcode']],
      ['dt1 1aa', ['Here is what you told us', 'Name: Sam Smith', 'Postcode: DT1 1AA']],
      ["That's right", ['Thank you, Sam']],
    ]);
    expect((await db.prisma.resident.findFirstOrThrow()).postcode).toBe('DT1 1AA');
  });

  test('changing smoking to never forgets the cigarettes a day', async () => {
    const c = client('directline');
    await converse(c, webChatSignUp.slice(0, -1));
    await converse(c, [
      ['Change something', ['Which answer']],
      ['smoking', ['Do you smoke']],
      ['never', ['Here is what you told us', 'Smoking: I have never smoked']],
      ['yes', ['Thank you, Sam']],
    ]);
    const a = await db.prisma.assessment.findFirstOrThrow();
    expect(a).toMatchObject({ smokingStatus: 'NEVER', cigarettesPerDay: null });
  });

  test('an implausible height and weight are questioned, not stored', async () => {
    const c = client('directline');
    await playUntil(c, webChatSignUp, '07700 900123');
    await converse(c, [
      ['100cm', ['weigh']],
      ['300kg', ["don't look quite right", 'How tall']],
      ["5'10", ['weigh']],
    ]);
    await converse(c, webChatSignUp.slice(webChatSignUp.findIndex(([s]) => s === '12st 8lb')));
    expect((await db.prisma.assessment.findFirstOrThrow()).heightCm).toBeCloseTo(177.8, 0);
  });
});
