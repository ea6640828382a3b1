import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { PrismaClient } from '../../src/db/prisma';
import { ManualClock } from '../../src/domain/clock';
import { memoryLogger } from '../../src/logger';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { TwilioStub } from '../support/twilioStub';

export const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
export const AUTH_TOKEN = '5f0c1e2d3b4a69788796a5b4c3d2e1f0';
/** The service's number (Ofcom's range for drama, never a real phone). */
export const SERVICE_NUMBER = '+441632960123';
/** Where Twilio believes the bot is: it signs its webhooks for this address. */
export const PUBLIC_BASE_URL = 'https://livewell.example.org';
export const WEBHOOK_URL = `${PUBLIC_BASE_URL}/api/sms`;
export const STATUS_URL = `${PUBLIC_BASE_URL}/api/sms/status`;

let phoneSeq = 0;
/** A UK mobile number no other test uses (07700 900xxx is Ofcom's range for drama). */
export function newPhone(): string {
  phoneSeq += 1;
  return `+447700900${String(100 + phoneSeq)}`;
}

export function newMessageSid(): string {
  return `SM${randomBytes(16).toString('hex')}`;
}

/** The form Twilio posts for an incoming SMS (the fields it really sends). */
export function inboundForm(
  from: string,
  body: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  const messageSid = extra.MessageSid ?? newMessageSid();
  return {
    ToCountry: 'GB',
    ToState: '',
    SmsMessageSid: messageSid,
    NumMedia: '0',
    ToCity: '',
    FromZip: '',
    SmsSid: messageSid,
    FromState: '',
    SmsStatus: 'received',
    FromCity: '',
    Body: body,
    FromCountry: from.startsWith('+44') ? 'GB' : 'US',
    To: SERVICE_NUMBER,
    ToZip: '',
    NumSegments: '1',
    ReferralNumMedia: '0',
    MessageSid: messageSid,
    AccountSid: ACCOUNT_SID,
    From: from,
    ApiVersion: '2010-04-01',
    ...extra,
  };
}

/** Twilio's signature of `form` posted to `url`. */
export function sign(
  form: Record<string, string>,
  url: string = WEBHOOK_URL,
  token: string = AUTH_TOKEN,
): string {
  return twilio.getExpectedTwilioSignature(token, url, form);
}

export interface PostOptions {
  /** Path on the bot; the webhook by default. */
  path?: string;
  /** The URL the signature is made for; the public webhook URL by default. */
  signedUrl?: string;
  token?: string;
  /** A signature to send instead of the right one; null sends none. */
  signature?: string | null;
  /** A body to send instead of `form` (still signed over `form`). */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface SmsHarness {
  app: App;
  base: string;
  stub: TwilioStub;
  clock: ManualClock;
  logger: ReturnType<typeof memoryLogger>;
  /** Every back-off delay the adapter asked for, in ms; no test waits for them. */
  sleeps: number[];
  /** Posts a signed Twilio form to the bot. */
  post(form: Record<string, string>, options?: PostOptions): Promise<globalThis.Response>;
  /** A resident's text: posts it and waits until it has been answered; returns the texts sent back. */
  text(from: string, body: string, extra?: Record<string, string>): Promise<string[]>;
  /** Waits until all processing started so far has finished. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** The whole bot (createApp) on a real port, SMS on, sending to a Twilio stub. */
export async function startSmsApp(options: {
  prisma: PrismaClient;
  databaseUrl: string;
  env?: Record<string, string>;
  stub?: TwilioStub;
}): Promise<SmsHarness> {
  const stub = options.stub ?? (await new TwilioStub(ACCOUNT_SID, AUTH_TOKEN).start());
  const config = loadConfig({
    PUBLIC_BASE_URL,
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_FROM: SERVICE_NUMBER,
    TWILIO_API_BASE_URL: stub.url,
    DIRECT_LINE_SECRET: 'sms-tests-direct-line-secret-0123456789',
    ...options.env,
  });
  // 10:30 on a Wednesday in winter (GMT).
  const clock = new ManualClock(new Date('2026-12-02T10:30:00Z'));
  const logger = memoryLogger();
  const sleeps: number[] = [];
  const app = createApp({
    config,
    databaseUrl: options.databaseUrl,
    prisma: options.prisma,
    clock,
    logger,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  // Not app.listen: its timers would process messages behind the tests' backs.
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  if (!app.sms) throw new Error('SMS is not on: check the TWILIO_* settings');
  const sms = app.sms;

  const post: SmsHarness['post'] = (form, o = {}) => {
    const signature =
      o.signature === undefined ? sign(form, o.signedUrl ?? WEBHOOK_URL, o.token) : o.signature;
    return fetch(`${base}${o.path ?? '/api/sms'}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        ...(signature === null ? {} : { 'X-Twilio-Signature': signature }),
        ...o.headers,
      },
      body: o.rawBody ?? new URLSearchParams(form).toString(),
    });
  };

  return {
    app,
    base,
    stub,
    clock,
    logger,
    sleeps,
    post,
    async text(from, body, extra) {
      const before = stub.messages.length;
      const res = await post(inboundForm(from, body, extra));
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
      await sms.idle();
      return stub.messages
        .slice(before)
        .filter((m) => m.to === from)
        .map((m) => m.body);
    },
    idle: () => sms.idle(),
    async close() {
      await app.close();
      if (!options.stub) await stub.stop();
    },
  };
}

/**
 * One database and one SMS app shared by a test file's tests: started before them, closed after.
 * `receive` gets them once started (assign them to the file's variables).
 */
export function useSmsApp(receive: (started: { db: TestDatabase; sms: SmsHarness }) => void): void {
  let started: { db: TestDatabase; sms: SmsHarness } | undefined;
  beforeAll(async () => {
    const db = await createTestDatabase();
    started = { db, sms: await startSmsApp({ prisma: db.prisma, databaseUrl: db.url }) };
    receive(started);
  });
  afterAll(async () => {
    await started?.sms.close();
    await started?.db.drop();
  });
}
