import { webChatSignUp } from '../fixtures/signUpConversations';
import { DirectLineSession, startApp, type RunningApp } from '../support/app';

/** Plays the web chat script (after its first line: the greeting comes when the chat opens). */
async function signUp(app: RunningApp): Promise<DirectLineSession> {
  const session = await DirectLineSession.start(app.base);
  const greeting = (await session.botReplies()).join('\n');
  expect(greeting).toContain('Are you new to LiveWell Dorset');
  for (const [says, expected] of webChatSignUp.slice(1)) {
    const replies = (await session.say(says)).join('\n');
    for (const fragment of expected) expect(replies).toMatch(fragment);
  }
  return session;
}

describe('a whole sign-up through the built-in Direct Line', () => {
  let app: RunningApp;
  // 09:15 BST on 20 August 2026: the 3- and 6-month check-ins fall in GMT, the 12-month one in BST.
  beforeAll(async () => (app = await startApp({ now: new Date('2026-08-20T08:15:00Z') })));
  afterAll(() => app.stop());

  test('stores the resident, consent with hash, baseline with BMI and three check-ins at 09:15 local time', async () => {
    const session = await signUp(app);
    const resident = await app.db.prisma.resident.findFirstOrThrow({
      include: {
        consents: true,
        assessments: true,
        checkIns: { orderBy: { dueAt: 'asc' } },
        identities: true,
      },
    });
    expect(resident.firstName).toBe('Sam');
    expect(resident.consents[0].textSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(resident.consents[0].grantedAt.toISOString()).toBe('2026-08-20T08:15:00.000Z');
    expect(resident.assessments[0]).toMatchObject({ kind: 'BASELINE', bmi: 25.2 });
    expect(resident.checkIns.map((c) => [c.wave, c.dueAt.toISOString(), c.status])).toEqual([
      ['MONTH_3', '2026-11-20T09:15:00.000Z', 'SCHEDULED'], // 09:15 GMT
      ['MONTH_6', '2027-02-20T09:15:00.000Z', 'SCHEDULED'], // 09:15 GMT
      ['MONTH_12', '2027-08-20T08:15:00.000Z', 'SCHEDULED'], // 09:15 BST
    ]);
    // The resident is recognised by the server-issued Web Chat user id, not one they chose.
    expect(resident.identities).toEqual([
      expect.objectContaining({ channel: 'directline', address: session.userId }),
    ]);
    expect(session.userId).toMatch(/^dl_[A-Za-z0-9_-]{32}$/);
  });

  test('no answer reaches the logs', async () => {
    const logged = app.logs.join('\n');
    for (const answer of ['Sam', 'Smith', 'BH1 1AA', '1980', 'sam@example.com', '07700', 'High Street']) {
      expect(logged).not.toContain(answer);
    }
  });

  test('GET /healthz reports the database', async () => {
    const res = await fetch(`${app.base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: 'ok' });
  });
});

describe('before consent nothing personal is stored', () => {
  let app: RunningApp;
  beforeAll(async () => (app = await startApp()));
  afterAll(() => app.stop());

  test('declining leaves no resident, consent, identity or audit row', async () => {
    const session = await DirectLineSession.start(app.base);
    await session.botReplies();
    await session.say("I'm new");
    expect((await session.say('No')).join('\n')).toContain("Sorry, we can't continue");
    for (const count of [
      app.db.prisma.resident.count(),
      app.db.prisma.consent.count(),
      app.db.prisma.channelIdentity.count(),
      app.db.prisma.auditEvent.count(),
    ]) {
      expect(await count).toBe(0);
    }
  });
});

describe('retention', () => {
  let app: RunningApp;
  beforeAll(async () => (app = await startApp()));
  afterAll(() => app.stop());

  test("an abandoned conversation's state and transcript are deleted once past their retention", async () => {
    const session = await DirectLineSession.start(app.base);
    await session.botReplies();
    for (const [says] of webChatSignUp.slice(1, 6)) await session.say(says); // consented, gave name and birth date
    expect(await app.db.prisma.botState.count()).toBeGreaterThan(0);
    expect(await app.app.purgeExpired()).toEqual({ transcripts: 0, conversationStates: 0 });

    app.clock.advance(31 * 86_400_000);
    const purged = await app.app.purgeExpired();
    expect(purged.transcripts).toBe(1);
    expect(purged.conversationStates).toBeGreaterThan(0);
    expect(await app.db.prisma.botState.count()).toBe(0);
    expect(await app.db.prisma.directLineActivity.count()).toBe(0);
    expect(await app.db.prisma.resident.count()).toBe(0);
  });
});
