import { SMS_REPLIES } from '../../src/channels/twilioSms';
import type { TestDatabase } from '../support/db';
import { inboundForm, newPhone, useSmsApp, type SmsHarness } from './harness';

let db: TestDatabase;
let sms: SmsHarness;

useSmsApp((started) => ({ db, sms } = started));
beforeEach(() => sms.stub.reset());

describe('STOP, START and HELP, before any dialog', () => {
  test('STOP opts the number out with one confirmation; after that nothing at all is sent', async () => {
    const phone = newPhone();
    await sms.text(phone, 'Hello');
    sms.clock.advance(60_000);
    expect(await sms.text(phone, 'STOP')).toEqual([SMS_REPLIES.stopped]);
    expect(await db.prisma.smsOptOut.findUnique({ where: { phone } })).toEqual({
      phone,
      optedOutAt: sms.clock.now(),
      optedInAt: null,
    });

    // Anything else: an answer, HELP, another STOP. Nothing is sent, and the dialog does not move.
    for (const body of ['1', 'HELP', 'stop', 'Hello?']) expect(await sms.text(phone, body)).toEqual([]);
    const inbound = await db.prisma.inboundSms.findMany({ where: { from: phone } });
    expect(inbound.every((m) => m.processedAt !== null && m.body === null)).toBe(true);
    expect(await db.prisma.outboundSms.count({ where: { to: phone } })).toBe(2); // greeting + confirmation

    // A proactive message (a check-in, months later) is not sent either, and the caller is told.
    const checkIn = sms.app.sms!.continueConversation(
      {
        channelId: 'sms',
        user: { id: phone, name: '' },
        bot: { id: '+441632960123', name: '' },
        conversation: { id: `sms:${phone}`, isGroup: false, conversationType: 'personal', name: '' },
      },
      async (context) => {
        await context.sendActivity('Hello again! It has been 3 months since you signed up.');
      },
    );
    await expect(checkIn).rejects.toMatchObject({ name: 'SmsNotDelivered', permanent: true });
    expect(sms.stub.textsTo(phone)).toHaveLength(2);
    expect(sms.stub.textsTo(phone)[1]).toBe(SMS_REPLIES.stopped);
    expect(sms.logger.lines.join('\n')).toContain('sms.suppressed_opted_out');
  });

  test('START opts back in with a confirmation, and the conversation carries on where it was', async () => {
    const phone = newPhone();
    await sms.text(phone, 'Hello');
    await sms.text(phone, 'unsubscribe');
    sms.clock.advance(3600_000);
    expect(await sms.text(phone, 'Start')).toEqual([SMS_REPLIES.started]);
    expect((await db.prisma.smsOptOut.findUniqueOrThrow({ where: { phone } })).optedInAt).toEqual(
      sms.clock.now(),
    );
    // Still at "Are you new?": "1" means new.
    expect((await sms.text(phone, '1')).join('\n')).toContain('Do you consent');
    // STOP again works again.
    expect(await sms.text(phone, 'quit')).toEqual([SMS_REPLIES.stopped]);
  });

  test('START from a number that never opted out is an ordinary message', async () => {
    const phone = newPhone();
    expect((await sms.text(phone, 'START')).join('\n')).toContain('Are you new');
    expect(await db.prisma.smsOptOut.count({ where: { phone } })).toBe(0);
  });

  test.each(['STOPALL', 'cancel', 'End', 'QUIT', 'stop.'])('%s is a STOP too', async (word) => {
    const phone = newPhone();
    expect(await sms.text(phone, word)).toEqual([SMS_REPLIES.stopped]);
    expect(await sms.text(phone, 'hi')).toEqual([]);
  });

  test('HELP answers with the service, its hours and phone number and how to stop, and the question still stands', async () => {
    const phone = newPhone();
    await sms.text(phone, 'Hello');
    const [help] = await sms.text(phone, 'help');
    expect(help).toContain('LiveWell Dorset');
    expect(help).toContain('Monday to Friday, 9am to 6:30pm');
    expect(help).toContain('freephone 0800 840 1628');
    expect(help).toContain('reply STOP');
    expect(await sms.text(phone, 'INFO')).toEqual([help]);
    // "help me" is not the keyword: the dialog explains its question and asks it again.
    expect((await sms.text(phone, 'help me')).join('\n')).toMatch(
      /If you have not used LiveWell Dorset[\s\S]*Are you new/,
    );
    expect((await sms.text(phone, '1')).join('\n')).toContain('Do you consent');
  });
});

describe('messages the bot cannot read get a clear text answer, never a crash', () => {
  test('a picture with no words', async () => {
    const phone = newPhone();
    const replies = await sms.text(phone, '', {
      NumMedia: '1',
      MediaContentType0: 'image/jpeg',
      MediaUrl0: 'https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM/Media/ME',
    });
    expect(replies).toEqual([SMS_REPLIES.mediaOnly]);
    expect((await db.prisma.inboundSms.findFirstOrThrow({ where: { from: phone } })).numMedia).toBe(1);
  });

  test('a picture with words: the words are read', async () => {
    const phone = newPhone();
    const replies = await sms.text(phone, 'Hello', {
      NumMedia: '2',
      MediaContentType0: 'image/png',
      MediaContentType1: 'image/png',
    });
    expect(replies.join('\n')).toContain('Are you new');
  });

  test('an empty text', async () => {
    const phone = newPhone();
    expect(await sms.text(phone, '')).toEqual([SMS_REPLIES.empty]);
    expect(await sms.text(phone, '   ')).toEqual([SMS_REPLIES.empty]);
  });

  test('a 1,600-character text goes to the dialog, which asks for a shorter answer', async () => {
    const phone = newPhone();
    await sms.text(phone, 'Hello');
    await sms.text(phone, '1');
    await sms.text(phone, 'yes');
    const replies = await sms.text(phone, 'Sam '.repeat(400));
    expect(replies.join('\n')).toMatch(/bit long[\s\S]*first name/i);
    expect((await sms.text(phone, 'Sam')).join('\n')).toContain('last name');
  });

  test('a number outside the UK is told the service is for UK numbers, and no conversation starts', async () => {
    const phone = '+12025550143';
    expect(await sms.text(phone, 'Hello')).toEqual([SMS_REPLIES.notUk]);
    expect(SMS_REPLIES.notUk).toMatch(/UK mobile numbers[\s\S]*0800 840 1628/);
    expect(await db.prisma.botState.count({ where: { key: { contains: phone } } })).toBe(0);
    // STOP still works for them.
    expect(await sms.text(phone, 'STOP')).toEqual([SMS_REPLIES.stopped]);
  });

  test('Unicode and emoji in a text are read, and the answer is still GSM-7', async () => {
    const phone = newPhone();
    await sms.text(phone, 'Hello \u{1F44B}');
    const replies = await sms.text(phone, '\u{1F44D}');
    expect(replies.join('\n')).toMatch(/Do you consent|Are you new/);
  });

  test('a webhook with a body of hostile form encoding is refused cleanly', async () => {
    const res = await sms.post(inboundForm(newPhone(), 'x'), { rawBody: '%%%&&&===' });
    expect(res.status).toBe(403);
  });
});
