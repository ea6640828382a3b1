import { isGsm7, segmentInfo } from '../../src/channels/smsText';
import { CONSENT_STATEMENT_SHA256 } from '../../src/domain/consentStatement';
import { smsSignUp } from '../fixtures/signUpConversations';
import type { Exchange } from '../support/conversation';
import type { TestDatabase } from '../support/db';
import { SERVICE_NUMBER, newPhone, useSmsApp, type SmsHarness } from './harness';

let db: TestDatabase;
let sms: SmsHarness;

useSmsApp((started) => ({ db, sms } = started));
beforeEach(() => sms.stub.reset());

/** Texts each line of the script and checks the texts sent back contain its fragments, in order. */
async function play(phone: string, script: readonly Exchange[]): Promise<string[][]> {
  const transcript: string[][] = [];
  for (const [says, expected] of script) {
    const texts = await sms.text(phone, says);
    transcript.push(texts);
    const joined = texts.join('\n');
    let from = 0;
    for (const fragment of expected) {
      const rest = joined.slice(from);
      const at = typeof fragment === 'string' ? rest.indexOf(fragment) : rest.search(fragment);
      if (at < 0) throw new Error(`After "${says}" expected ${String(fragment)} in:\n${joined}`);
      from += at;
    }
  }
  return transcript;
}

describe('a whole sign-up by text message, through the webhook and the Twilio stub', () => {
  test('the resident signs up, and every text is GSM-7 in at most 3 segments, from the service number', async () => {
    const phone = newPhone();
    const transcript = await play(phone, smsSignUp);

    // Every answer got at least one text, and nothing was sent anywhere else.
    expect(transcript.every((texts) => texts.length > 0)).toBe(true);
    expect(sms.stub.messages.every((m) => m.to === phone && m.from === SERVICE_NUMBER)).toBe(true);
    for (const { body } of sms.stub.messages) {
      expect(isGsm7(body)).toBe(true);
      expect(segmentInfo(body).segments).toBeLessThanOrEqual(3);
    }
    const all = sms.stub.messages.map((m) => m.body).join('\n');
    // Choices as numbers, in the dialog's order.
    expect(all).toContain("Reply 1 for I'm new, 2 for I've been in touch before.");
    expect(all).toMatch(/Reply with a number:\n1\. Yes, I consent\n2\. No, I don't consent/);
    // The consent statement arrives whole, in order, split between sentences.
    const consentTexts = transcript[1];
    expect(consentTexts.length).toBeGreaterThan(1);
    expect(consentTexts[0]).toMatch(/^When you register with LiveWell Dorset/);
    for (const text of consentTexts.slice(0, -1)) expect(text).toMatch(/[.:]$/);
    expect(consentTexts.join('\n')).toMatch(
      /When you register[\s\S]*Before we can sign you up[\s\S]*withdraw your consent[\s\S]*0800 840 1628[\s\S]*Do you consent/,
    );
    // A sign-up's last message says what happens next.
    expect(transcript.at(-1)!.join('\n')).toMatch(/Thank you, Alex[\s\S]*3, 6 and 12 months/);

    // What was stored: the resident, known by their phone on the sms channel.
    const resident = await db.prisma.resident.findFirstOrThrow({
      where: { identities: { some: { channel: 'sms', address: phone } } },
      include: { consents: true, assessments: true, checkIns: true, identities: true },
    });
    expect(resident).toMatchObject({
      firstName: 'Alex',
      lastName: "O'Neill",
      signUpChannel: 'sms',
      phone: '+447700900456',
    });
    expect(resident.consents).toEqual([
      expect.objectContaining({ channel: 'sms', textSha256: CONSENT_STATEMENT_SHA256 }),
    ]);
    expect(resident.checkIns).toHaveLength(3);
    const [identity] = resident.identities;
    // The conversation reference for check-ins months later is the SMS conversation of this phone.
    expect(identity.conversationRef).toMatchObject({
      channelId: 'sms',
      conversation: { id: `sms:${phone}` },
      user: { id: phone },
      bot: { id: SERVICE_NUMBER },
    });

    // Each text from the resident stored once, processed, and its words forgotten.
    const inbound = await db.prisma.inboundSms.findMany({ where: { from: phone }, orderBy: { id: 'asc' } });
    expect(inbound).toHaveLength(smsSignUp.length);
    expect(inbound.every((m) => m.processedAt !== null && m.body === null && m.attempts === 1)).toBe(true);
    // Each text sent is recorded (no body) with the SID Twilio gave it.
    const outbound = await db.prisma.outboundSms.findMany({ where: { to: phone } });
    expect(outbound.map((o) => o.twilioSid).sort()).toEqual(sms.stub.messages.map((m) => m.sid).sort());
    expect(outbound.every((o) => o.status === 'queued' && o.errorCode === null && o.segments <= 3)).toBe(
      true,
    );
    expect(Object.keys(outbound[0])).not.toContain('body');
  });

  test.each(['1', 'Y', 'Yes I consent', 'yes'])('"%s" answers the consent question', async (answer) => {
    const phone = newPhone();
    await play(phone, [
      ['Hi', ['Are you new']],
      ['1', ['Do you consent']],
      [answer, ['Thank you', 'first name']],
    ]);
  });

  test('"2" to the consent question ends kindly and keeps nothing', async () => {
    const phone = newPhone();
    await play(phone, [
      ['Hi', ['Are you new']],
      ['new', ['Do you consent']],
      ['2', ["Sorry, we can't continue", '0800 840 1628']],
    ]);
    expect(await db.prisma.channelIdentity.count({ where: { address: phone } })).toBe(0);
  });

  test('letters outside GSM-7 that a resident types are stored as typed and sent back in GSM-7', async () => {
    const phone = newPhone();
    const script = smsSignUp.map(([says, expected]): Exchange => [
      says === 'Flat 2, 5 South Street'
        ? 'T\u0177 Hafan, 5 Heol \u0174yn'
        : says === "O'Neill"
          ? 'O\u2019Neill'
          : says,
      expected,
    ]);
    await play(phone, script);
    const summary = sms.stub.textsTo(phone).find((t) => t.includes('Here is what you told us'))!;
    expect(summary).toMatch(/Name: Alex O'Neill/);
    expect(summary).toMatch(/Address: Ty Hafan, 5 Heol Wyn/);
    expect(isGsm7(summary)).toBe(true);
    const resident = await db.prisma.resident.findFirstOrThrow({
      where: { identities: { some: { address: phone } } },
    });
    expect(resident.addressLine1).toBe('T\u0177 Hafan, 5 Heol \u0174yn');
  });
});
