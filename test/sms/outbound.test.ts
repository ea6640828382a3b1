import type { TurnContext } from 'botbuilder';
import { segmentInfo } from '../../src/channels/smsText';
import { DEFAULT_RETRY } from '../../src/channels/twilioSms';
import type { TestDatabase } from '../support/db';
import { INVALID_TO_NUMBER, SERVICE_UNAVAILABLE, TOO_MANY_REQUESTS } from '../support/twilioStub';
import {
  ACCOUNT_SID,
  SERVICE_NUMBER,
  STATUS_URL,
  newPhone,
  startSmsApp,
  useSmsApp,
  type SmsHarness,
} from './harness';

let db: TestDatabase;
let sms: SmsHarness;

useSmsApp((started) => ({ db, sms } = started));
beforeEach(() => {
  sms.stub.reset();
  sms.sleeps.length = 0;
});

const outboundTo = (phone: string) =>
  db.prisma.outboundSms.findMany({ where: { to: phone }, orderBy: { createdAt: 'asc' } });

describe('sending through the Messages API', () => {
  test('each text goes to Twilio as To/From/Body with our account, auth and status callback', async () => {
    const phone = newPhone();
    await sms.text(phone, 'Hello');
    const [message] = sms.stub.messages;
    expect(message).toMatchObject({
      accountSid: ACCOUNT_SID,
      to: phone,
      from: SERVICE_NUMBER,
      statusCallback: STATUS_URL,
    });
    expect(sms.stub.requests.map((r) => r.path)).toEqual([
      `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`,
    ]);
    expect(await outboundTo(phone)).toEqual([
      expect.objectContaining({
        twilioSid: message.sid,
        status: 'queued',
        errorCode: null,
        segments: segmentInfo(message.body).segments,
      }),
    ]);
  });

  test('with a Messaging Service SID, texts go from the service instead of a number', async () => {
    const service = `MG${'ab'.repeat(16)}`;
    const viaService = await startSmsApp({
      prisma: db.prisma,
      databaseUrl: db.url,
      env: { TWILIO_FROM: service },
      stub: sms.stub,
    });
    try {
      const phone = newPhone();
      await viaService.text(phone, 'Hello');
      expect(sms.stub.messages[0]).toMatchObject({ to: phone, from: null, messagingServiceSid: service });
      expect((await outboundTo(phone))[0].status).toBe('accepted');
    } finally {
      await viaService.close();
    }
  });
});

describe('proactive messages (check-ins)', () => {
  const reference = (phone: string) => ({
    channelId: 'sms',
    user: { id: phone, name: '' },
    bot: { id: SERVICE_NUMBER, name: 'LiveWell Dorset' },
    conversation: { id: `sms:${phone}`, isGroup: false, conversationType: 'personal', name: '' },
  });
  const checkIn = async (context: TurnContext) => {
    await context.sendActivity({
      type: 'message',
      text: 'Hi Alex, it\u2019s been 3 months \u2014 how are you getting on?',
      suggestedActions: {
        to: [],
        actions: [
          { type: 'imBack', title: 'Start my check-in', value: 'Start my check-in' },
          { type: 'imBack', title: 'Not now', value: 'Not now' },
        ],
      },
    });
  };

  test('are rendered and sent like replies, with the turn in the conversation of that phone', async () => {
    const phone = newPhone();
    let conversationId = '';
    await sms.app.sms!.continueConversation(reference(phone), async (context) => {
      conversationId = context.activity.conversation.id;
      await checkIn(context);
    });
    expect(conversationId).toBe(`sms:${phone}`);
    expect(sms.stub.textsTo(phone)).toEqual([
      "Hi Alex, it's been 3 months - how are you getting on?\nReply 1 for Start my check-in, 2 for Not now.",
    ]);
  });

  test('nothing delivered: the caller is told whether trying again can help', async () => {
    const phone = newPhone();
    sms.stub.failNext(DEFAULT_RETRY.maxAttempts, TOO_MANY_REQUESTS);
    await expect(sms.app.sms!.continueConversation(reference(phone), checkIn)).rejects.toMatchObject({
      name: 'SmsNotDelivered',
      permanent: false,
    });
    sms.stub.failNext(1, INVALID_TO_NUMBER);
    await expect(sms.app.sms!.continueConversation(reference(phone), checkIn)).rejects.toMatchObject({
      name: 'SmsNotDelivered',
      permanent: true,
      result: { sent: 0, failed: 1, failure: { status: 400, code: 21211, permanent: true } },
    });
    await sms.app.sms!.continueConversation(reference(phone), checkIn);
    expect(sms.stub.textsTo(phone)).toHaveLength(1);
  });

  test('a reference without a phone number is refused', async () => {
    await expect(
      sms.app.sms!.continueConversation(
        { ...reference('dl_user_1'), user: { id: 'dl_user_1', name: '' } },
        checkIn,
      ),
    ).rejects.toThrow(/E\.164/);
  });
});

describe('Twilio errors', () => {
  test('429 then success: retried after a back-off, delivered once', async () => {
    const phone = newPhone();
    sms.stub.failNext(1, TOO_MANY_REQUESTS);
    const texts = await sms.text(phone, 'Hello');
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain('Are you new');
    expect(sms.stub.requests.map((r) => r.status)).toEqual([429, 201]);
    expect(sms.sleeps).toEqual([DEFAULT_RETRY.baseDelayMs]);
    const rows = await outboundTo(phone);
    expect(rows).toEqual([
      expect.objectContaining({ status: 'queued', twilioSid: sms.stub.messages[0].sid, errorCode: null }),
    ]);
  });

  test('5xx several times: exponential back-off, then delivered', async () => {
    const phone = newPhone();
    sms.stub.failNext(3, SERVICE_UNAVAILABLE);
    expect(await sms.text(phone, 'Hello')).toHaveLength(1);
    expect(sms.sleeps).toEqual([1000, 2000, 4000]);
  });

  test('still failing after every retry: recorded as failed, nothing crashes, the next text works', async () => {
    const phone = newPhone();
    sms.stub.failNext(DEFAULT_RETRY.maxAttempts, TOO_MANY_REQUESTS);
    expect(await sms.text(phone, 'Hello')).toEqual([]);
    expect(sms.stub.requests).toHaveLength(DEFAULT_RETRY.maxAttempts);
    expect(await outboundTo(phone)).toEqual([
      expect.objectContaining({ status: 'failed', errorCode: 20429, twilioSid: null }),
    ]);
    expect(sms.logger.lines.join('\n')).toContain('sms.send_failed');
    // The message itself was processed (its turn ran); the resident's next text is answered.
    expect((await sms.text(phone, 'help me')).join('\n')).toContain('Are you new');
  });

  test('21211 invalid number: recorded with its code, not retried, the rest of the turn not sent', async () => {
    const phone = newPhone();
    await sms.text(phone, 'Hello');
    sms.stub.reset();
    sms.stub.failNext(1, INVALID_TO_NUMBER);
    // "1" is answered with the consent statement: several texts, none sent after the first fails.
    expect(await sms.text(phone, '1')).toEqual([]);
    expect(sms.stub.requests).toHaveLength(1);
    expect(sms.sleeps).toEqual([]);
    const rows = await outboundTo(phone);
    expect(rows.at(-1)).toMatchObject({ status: 'failed', errorCode: 21211, twilioSid: null });
    expect(rows).toHaveLength(2);
    expect(sms.logger.lines.join('\n')).toContain('sms.send_abandoned');
  });

  test('21610 (the number texted STOP to Twilio itself): recorded as opted out here too', async () => {
    const phone = newPhone();
    sms.stub.failNext(1, { status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' });
    expect(await sms.text(phone, 'Hello')).toEqual([]);
    expect(await db.prisma.smsOptOut.findUnique({ where: { phone } })).toMatchObject({
      phone,
      optedInAt: null,
    });
    expect(await sms.text(phone, '1')).toEqual([]);
    expect(sms.stub.requests).toHaveLength(1);
  });

  test('Twilio unreachable: retried, then recorded as failed without a code', async () => {
    const phone = newPhone();
    await sms.stub.stop();
    try {
      expect(await sms.text(phone, 'Hello')).toEqual([]);
    } finally {
      await sms.stub.start();
    }
    expect(sms.sleeps).toHaveLength(DEFAULT_RETRY.maxAttempts - 1);
    expect(await outboundTo(phone)).toEqual([expect.objectContaining({ status: 'failed', errorCode: null })]);
  });
});
