import net from 'node:net';
import { createPrisma } from '../../src/db/prisma';
import type { TestDatabase } from '../support/db';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  PUBLIC_BASE_URL,
  STATUS_URL,
  inboundForm,
  newMessageSid,
  newPhone,
  sign,
  startSmsApp,
  useSmsApp,
  type SmsHarness,
} from './harness';

let db: TestDatabase;
let sms: SmsHarness;

useSmsApp((started) => ({ db, sms } = started));
beforeEach(() => sms.stub.reset());

async function storedFrom(phone: string) {
  return db.prisma.inboundSms.findMany({ where: { from: phone }, orderBy: { id: 'asc' } });
}

describe('signature', () => {
  test('a correctly signed message is stored, acknowledged with empty TwiML and answered by text', async () => {
    const phone = newPhone();
    const res = await sms.post(inboundForm(phone, 'Hello'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(await res.text()).toContain('<Response/>');
    await sms.idle();
    expect(sms.stub.textsTo(phone).join('\n')).toContain('Are you new');
    const [row] = await storedFrom(phone);
    expect(row).toMatchObject({ from: phone, body: null, attempts: 1 });
    expect(row.processedAt).not.toBeNull();
  });

  const forgeries: [
    name: string,
    tamper: (form: Record<string, string>) => Parameters<SmsHarness['post']>,
  ][] = [
    ['signed with the wrong auth token', (f) => [f, { token: 'a'.repeat(32) }]],
    ['with a tampered body', (f) => [f, { rawBody: new URLSearchParams({ ...f, Body: 'STOP' }).toString() }]],
    ['signed for another URL', (f) => [f, { signedUrl: 'https://attacker.example.com/api/sms' }]],
    [
      'signed for http instead of https',
      (f) => [f, { signedUrl: `${PUBLIC_BASE_URL.replace('https', 'http')}/api/sms` }],
    ],
    ['without the X-Twilio-Signature header', (f) => [f, { signature: null }]],
    ['with an empty signature', (f) => [f, { signature: '' }]],
    ['with a signature that is not base64', (f) => [f, { signature: '%%%not-a-signature' }]],
    [
      'as JSON instead of a form',
      (f) => [f, { headers: { 'Content-Type': 'application/json' }, rawBody: JSON.stringify(f) }],
    ],
  ];
  test.each(forgeries)('a request %s gets 403, and nothing is stored or sent', async (_name, tamper) => {
    const phone = newPhone();
    const res = await sms.post(...tamper(inboundForm(phone, 'Hello')));
    expect(res.status).toBe(403);
    await sms.idle();
    expect(await storedFrom(phone)).toEqual([]);
    expect(sms.stub.messages).toEqual([]);
  });

  test('a correctly signed request for another Twilio account is refused', async () => {
    const phone = newPhone();
    const res = await sms.post(inboundForm(phone, 'Hello', { AccountSid: `AC${'9'.repeat(32)}` }));
    expect(res.status).toBe(403);
    expect(await storedFrom(phone)).toEqual([]);
    expect(sms.logger.lines.join('\n')).toContain('account_mismatch');
  });

  test('a signed request without the fields Twilio always sends gets 400 naming the field', async () => {
    const form = inboundForm(newPhone(), 'Hello');
    delete form.MessageSid;
    const res = await sms.post(form);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/MessageSid/);
    const notE164 = await sms.post(inboundForm('07700900123', 'Hello'));
    expect(notE164.status).toBe(400);
    expect(await notE164.text()).toMatch(/From/);
    expect(await db.prisma.inboundSms.count({ where: { from: '07700900123' } })).toBe(0);
  });

  test('behind a trusted proxy, the signature is checked against X-Forwarded-Proto and X-Forwarded-Host', async () => {
    const phone = newPhone();
    const form = inboundForm(phone, 'Hello');
    const proxied = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'sms.example.net' };
    // Without TRUST_PROXY the headers are ignored: signed for the proxy's host, refused.
    const refused = await sms.post(form, { signedUrl: 'https://sms.example.net/api/sms', headers: proxied });
    expect(refused.status).toBe(403);

    const trusting = await startSmsApp({
      prisma: db.prisma,
      databaseUrl: db.url,
      env: { TRUST_PROXY: 'true' },
      stub: sms.stub,
    });
    try {
      const accepted = await trusting.post(form, {
        signedUrl: 'https://sms.example.net/api/sms',
        headers: proxied,
      });
      expect(accepted.status).toBe(200);
      // ... and a forwarded host cannot be used to pass a signature made for another address.
      const forged = await trusting.post(inboundForm(phone, 'Hi'), {
        signedUrl: 'https://attacker.example.com/api/sms',
        headers: proxied,
      });
      expect(forged.status).toBe(403);
      await trusting.idle();
    } finally {
      await trusting.close();
    }
    expect(await storedFrom(phone)).toHaveLength(1);
  });
});

describe('repeated and simultaneous webhooks', () => {
  test('the same MessageSid delivered three times is one turn and one reply', async () => {
    const phone = newPhone();
    const form = inboundForm(phone, 'Hello');
    // Twilio retrying a slow webhook: the retries arrive while the first is still being answered.
    const answers = await Promise.all([sms.post(form), sms.post(form), sms.post(form)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    await sms.idle();
    // And once more after it has been answered.
    expect((await sms.post(form)).status).toBe(200);
    await sms.idle();

    expect(await storedFrom(phone)).toHaveLength(1);
    const texts = sms.stub.textsTo(phone);
    expect(texts.filter((t) => t.includes('Are you new'))).toHaveLength(1);
    expect(await db.prisma.outboundSms.count({ where: { to: phone } })).toBe(texts.length);
  });

  test('two different texts from one phone posted at once are both answered, in order', async () => {
    const phone = newPhone();
    await sms.text(phone, 'Hello');
    await sms.text(phone, '1'); // new: the consent statement
    sms.stub.reset();
    // "yes" (consent) and "Sam" (first name) sent within a second of each other.
    const first = inboundForm(phone, 'yes');
    const second = inboundForm(phone, 'Sam');
    const posted = await Promise.all([sms.post(first), sms.post(second)]);
    expect(posted.map((r) => r.status)).toEqual([200, 200]);
    await sms.idle();

    const rows = await storedFrom(phone);
    // Whichever was stored first is answered first, and each is answered once.
    const order = rows.slice(-2).map((r) => r.messageSid);
    expect([...order].sort()).toEqual([first.MessageSid, second.MessageSid].sort());
    expect(rows.every((r) => r.processedAt !== null && r.body === null)).toBe(true);
    const transcript = sms.stub.textsTo(phone).join('\n---\n');
    if (order[0] === first.MessageSid) {
      expect(transcript).toMatch(/first name[\s\S]*last name/);
    } else {
      // "Sam" arrived first: it is read as the answer to the consent question (not understood),
      // then "yes" gives consent. Neither answer is lost, and the order is kept.
      expect(transcript).toMatch(/Yes, I consent[\s\S]*first name/);
    }
  });

  test('two server instances sharing the database: one turn per message, in order, whichever instance gets it', async () => {
    const other = await startSmsApp({ prisma: db.prisma, databaseUrl: db.url, stub: sms.stub });
    try {
      const phone = newPhone();
      const hello = inboundForm(phone, 'Hello');
      const yes = inboundForm(phone, '1');
      // Twilio's retry of "Hello" reaches the other instance while the first is answering it,
      // and the next text arrives at the other instance too.
      // "Hello" is stored (answered 200) before the others are sent, so it is the first in order.
      expect((await sms.post(hello)).status).toBe(200);
      const posted = await Promise.all([other.post(hello), other.post(yes)]);
      expect(posted.map((r) => r.status)).toEqual([200, 200]);
      await Promise.all([sms.idle(), other.idle()]);
      const texts = sms.stub.textsTo(phone);
      expect(texts.filter((t) => t.includes('Are you new'))).toHaveLength(1);
      expect(texts.filter((t) => t.includes('Do you consent'))).toHaveLength(1);
      expect(texts.join('\n')).toMatch(/Are you new[\s\S]*Do you consent/);
      expect((await storedFrom(phone)).map((r) => [r.messageSid, r.attempts])).toEqual([
        [hello.MessageSid, 1],
        [yes.MessageSid, 1],
      ]);
    } finally {
      await other.close();
    }
  });

  test('many texts from many phones at once: every one answered once, each phone in order', async () => {
    const phones = [newPhone(), newPhone(), newPhone()];
    const forms = phones.flatMap((p) => [inboundForm(p, 'Hello'), inboundForm(p, 'help me')]);
    for (const form of forms) expect((await sms.post(form)).status).toBe(200);
    await sms.idle();
    for (const phone of phones) {
      const texts = sms.stub.textsTo(phone).join('\n');
      // The greeting, then the help for "Are you new?" and the question again.
      expect(texts).toMatch(
        /Are you new[\s\S]*If you have not used LiveWell Dorset before[\s\S]*Are you new/,
      );
      expect((await storedFrom(phone)).every((r) => r.processedAt !== null)).toBe(true);
    }
  });

  test('messages stored but never processed (a crash) are answered by processPending, in order', async () => {
    const phone = newPhone();
    const a = inboundForm(phone, 'Hello');
    const b = inboundForm(phone, '1');
    // Stored as the webhook stores them, with no processing after (the instance died).
    for (const f of [a, b]) {
      await db.prisma.inboundSms.create({
        data: {
          messageSid: f.MessageSid,
          from: phone,
          to: f.To,
          body: f.Body,
          numMedia: 0,
          receivedAt: sms.clock.now(),
        },
      });
    }
    expect(await sms.app.sms!.processPending()).toBeGreaterThanOrEqual(1);
    await sms.idle();
    expect(sms.stub.textsTo(phone).join('\n')).toMatch(/Are you new[\s\S]*Do you consent/);
    expect((await storedFrom(phone)).map((r) => r.processedAt !== null)).toEqual([true, true]);
  });
});

describe('delivery status callbacks', () => {
  test('are signed, stored on the message by its SID, and never move a status backwards', async () => {
    const phone = newPhone();
    await sms.text(phone, 'Hello');
    const sent = sms.stub.messages.find((m) => m.to === phone)!;
    expect(sent.statusCallback).toBe(STATUS_URL);
    const callback = (status: string, errorCode?: string) => ({
      SmsSid: sent.sid,
      SmsStatus: status,
      MessageStatus: status,
      To: phone,
      MessageSid: sent.sid,
      AccountSid: ACCOUNT_SID,
      From: sent.from ?? '',
      ApiVersion: '2010-04-01',
      ...(errorCode ? { ErrorCode: errorCode } : {}),
    });
    const post = (form: Record<string, string>, signature?: string | null) =>
      sms.post(form, { path: '/api/sms/status', signedUrl: STATUS_URL, signature });

    expect((await post(callback('undelivered', '30003'), null)).status).toBe(403);
    expect((await post(callback('undelivered', '30003'), sign(callback('sent'), STATUS_URL))).status).toBe(
      403,
    );
    const row = () => db.prisma.outboundSms.findUniqueOrThrow({ where: { twilioSid: sent.sid } });
    expect((await row()).status).toBe('queued');

    expect((await post(callback('sent'))).status).toBe(204);
    expect((await row()).status).toBe('sent');
    expect((await post(callback('undelivered', '30003'))).status).toBe(204);
    expect(await row()).toMatchObject({ status: 'undelivered', errorCode: 30003 });
    // A late "sent" does not hide the failure.
    expect((await post(callback('sent'))).status).toBe(204);
    expect(await row()).toMatchObject({ status: 'undelivered', errorCode: 30003 });

    // A SID we never sent is acknowledged (Twilio need not retry) and changes nothing.
    const unknown = { ...callback('delivered'), MessageSid: newMessageSid() };
    expect((await post(unknown)).status).toBe(204);
  });
});

describe('when the database is down', () => {
  test('the webhook answers 503 so Twilio retries, and the retry is answered once', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const deadUrl = `postgresql://livewell:livewell@127.0.0.1:${closedPort}/nowhere`;
    const dead = createPrisma(deadUrl);
    const down = await startSmsApp({ prisma: dead, databaseUrl: deadUrl, stub: sms.stub });
    const phone = newPhone();
    const form = inboundForm(phone, 'Hello');
    try {
      const res = await down.post(form);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('30');
      await down.idle();
      // A wrong signature is still 403 first: the database is not touched for forgeries.
      expect((await down.post(form, { token: 'b'.repeat(32) })).status).toBe(403);
    } finally {
      await down.close();
      await dead.$disconnect();
    }
    expect(sms.stub.textsTo(phone)).toEqual([]);
    expect(down.logger.lines.join('\n')).toContain('sms.inbound_store_failed');

    // Twilio retries the same message to a healthy instance: answered, once.
    expect((await sms.post(form)).status).toBe(200);
    await sms.idle();
    expect(sms.stub.textsTo(phone).filter((t) => t.includes('Are you new'))).toHaveLength(1);
  });
});

test('the auth token, bodies and whole phone numbers never reach the logs', async () => {
  const phone = newPhone();
  await sms.text(phone, 'Hello');
  await sms.text(phone, '1');
  await sms.text(phone, 'yes');
  await sms.text(phone, 'Bartholomew');
  const logs = sms.logger.lines.join('\n');
  expect(logs).toContain('sms.received');
  expect(logs).toContain(`***${phone.slice(-3)}`);
  expect(logs).not.toContain(phone);
  expect(logs).not.toContain(phone.slice(1));
  expect(logs).not.toContain('Bartholomew');
  expect(logs).not.toContain(AUTH_TOKEN);
});
