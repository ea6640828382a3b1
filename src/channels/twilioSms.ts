import { randomUUID } from 'node:crypto';
import {
  type Activity,
  ActivityTypes,
  type Attachment,
  BotAdapter,
  type ConversationReference,
  type ResourceResponse,
  TurnContext,
} from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type TwilioResponse from 'twilio/lib/http/response';
import { z } from 'zod';
import type { NewInboundSms, PendingInboundSms } from '../db/smsRepository';
import { SERVICE } from '../domain/service';
import { describeError, type Logger } from '../logger';
import { messagesFromTexts, segmentInfo, toSmsMessages } from './smsText';

/** The channel id every SMS activity carries; dialogs render choices as numbers on it. */
export const SMS_CHANNEL_ID = 'sms';
/** Twilio's "A message comes in" webhook. */
export const SMS_WEBHOOK_PATH = '/api/sms';
/** Twilio's delivery status callback for the messages we send. */
export const SMS_STATUS_PATH = '/api/sms/status';

/** The conversation id of a phone's SMS conversation, e.g. `sms:+447700900123`. */
export function smsConversationId(phone: string): string {
  return `sms:${phone}`;
}

/** A phone number fit for a log line: its last three digits at most. */
export function maskPhone(phone: string): string {
  return `***${phone.replace(/\D/g, '').slice(-3)}`;
}

/** What a bot turn on this channel runs: the bot's `run`, usually. */
export type BotLogic = (context: TurnContext) => Promise<void>;

interface Clock {
  now(): Date;
}

// ---------------------------------------------------------------------------------------------
// Sending through Twilio's Messages API

/** Sends one text message; throws an error with Twilio's `status` and `code` when refused. */
export interface SmsSender {
  send(message: { to: string; body: string }): Promise<{ sid: string; status: string }>;
}

/** How to reach Twilio, from TWILIO_* settings (src/config.ts). */
export interface TwilioSettings {
  accountSid: string;
  authToken: string;
  /** An E.164 number, or a Messaging Service SID (MG...). */
  from: string;
  /** Another host for the same HTTP API (a local stub in tests); Twilio's own when unset. */
  apiBaseUrl?: string;
}

const TWILIO_API_HOST = /^https:\/\/api(?:\.[a-z0-9-]+)*\.twilio\.com/;

/**
 * Twilio's HTTP client, sending every request to `apiBaseUrl` instead of api.twilio.com (and
 * its regional variants). The package's own `httpClient` option is the seam for this.
 */
export class ApiBaseRequestClient extends twilio.RequestClient {
  constructor(
    private readonly apiBaseUrl: string | undefined,
    options: RequestClient.RequestClientOptions = {},
  ) {
    super(options);
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<TwilioResponse<TData>> {
    if (!this.apiBaseUrl) return super.request(opts);
    return super.request({
      ...opts,
      uri: opts.uri.replace(TWILIO_API_HOST, this.apiBaseUrl.replace(/\/+$/, '')),
    });
  }
}

/** An SmsSender over the `twilio` package's Messages API, with delivery status callbacks to `statusCallbackUrl`. */
export function createTwilioSender(settings: TwilioSettings & { statusCallbackUrl: string }): SmsSender {
  const client = twilio(settings.accountSid, settings.authToken, {
    httpClient: new ApiBaseRequestClient(settings.apiBaseUrl, { timeout: 15_000 }),
    // Never 'debug' (even if TWILIO_LOG_LEVEL says so): debug logs print message bodies.
    logLevel: 'info',
  });
  const sender = settings.from.startsWith('MG')
    ? { messagingServiceSid: settings.from }
    : { from: settings.from };
  return {
    async send({ to, body }) {
      const message = await client.messages.create({
        to,
        body,
        statusCallback: settings.statusCallbackUrl,
        ...sender,
      });
      return { sid: message.sid, status: message.status };
    },
  };
}

/** When to try a send again: 429 and 5xx (and no answer at all), with exponential back-off. */
export interface RetryPolicy {
  /** Tries in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 30_000 };

/** Twilio's error code for a message to a number that has replied STOP to Twilio itself. */
const TWILIO_UNSUBSCRIBED_RECIPIENT = 21610;

function sendErrorOf(error: unknown): { status?: number; code?: number; retryable: boolean } {
  const { status, code } = (typeof error === 'object' && error !== null ? error : {}) as {
    status?: unknown;
    code?: unknown;
  };
  const httpStatus = typeof status === 'number' ? status : undefined;
  const twilioCode = typeof code === 'number' ? code : undefined;
  // No HTTP status: Twilio was not reached or did not answer, which is worth another try.
  const retryable = httpStatus === undefined || httpStatus === 429 || httpStatus >= 500;
  return { status: httpStatus, code: twilioCode, retryable };
}

// ---------------------------------------------------------------------------------------------
// The adapter

/** What the adapter records about the messages it sends; `SmsRepository` (src/db/smsRepository.ts). */
export interface SmsOutboxRecords {
  isOptedOut(phone: string): Promise<boolean>;
  optOut(phone: string): Promise<boolean>;
  createOutbound(to: string, segments: number): Promise<string>;
  markOutboundAccepted(id: string, twilioSid: string, status: string): Promise<void>;
  markOutboundFailed(id: string, errorCode: number | null): Promise<void>;
}

export interface TwilioSmsAdapterOptions {
  sender: SmsSender;
  records: SmsOutboxRecords;
  logger: Logger;
  /** How to wait between retries; tests hand in one that returns at once. */
  sleep?: (ms: number) => Promise<void>;
  retry?: RetryPolicy;
}

/** What became of the texts of one delivery. */
export interface DeliveryResult {
  sent: number;
  /** Not sent because the number has opted out. */
  suppressed: number;
  /** Refused by Twilio or never accepted after every retry (and, after one, the rest of the turn). */
  failed: number;
  /** Why the first failed text failed: Twilio's HTTP status and error code when it answered. */
  failure?: { status?: number; code?: number; permanent: boolean };
}

/**
 * A proactive message (a check-in) of which nothing reached the resident. `permanent` when
 * trying again cannot help: the number has opted out, or Twilio refused it (e.g. 21211 invalid
 * number, 21610 unsubscribed); otherwise (429, 5xx, Twilio unreachable) a later try may work.
 */
export class SmsNotDelivered extends Error {
  override readonly name = 'SmsNotDelivered';
  readonly permanent: boolean;

  constructor(readonly result: DeliveryResult) {
    const why =
      result.suppressed > 0
        ? 'the number has opted out'
        : `Twilio error ${result.failure?.code ?? result.failure?.status ?? 'unreachable'}`;
    super(`SMS not delivered: ${why}`);
    this.permanent = result.suppressed > 0 || result.failure?.permanent === true;
  }
}

const OUTBOX = Symbol('twilioSms.outbox');

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The bot side of the SMS channel. During a turn the bot's replies are collected; when the
 * turn ends they are rendered as text messages (src/channels/smsText.ts: GSM-7, numbered
 * choices, joined and split to fit) and sent in order through Twilio's Messages API, always to
 * the resident whose turn it is. Nothing is sent to a number that has opted out.
 */
export class TwilioSmsAdapter extends BotAdapter {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly retry: RetryPolicy;

  constructor(private readonly options: TwilioSmsAdapterOptions) {
    super();
    this.sleep = options.sleep ?? realSleep;
    this.retry = options.retry ?? DEFAULT_RETRY;
  }

  /** Collects the replies of the turn in progress; outside one, sends them at once. */
  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const outbox = context.turnState.get(OUTBOX) as Partial<Activity>[] | undefined;
    if (outbox) {
      outbox.push(...activities);
    } else {
      await this.deliver(context.activity.from?.id ?? '', toSmsMessages(activities));
    }
    // The Twilio SIDs are not known until the end of the turn.
    return activities.map(() => ({ id: randomUUID() }));
  }

  /** Not offered: a text message cannot be changed once sent. */
  async updateActivity(): Promise<void> {
    throw new Error('TwilioSmsAdapter: updateActivity is not supported');
  }

  /** Not offered: a text message cannot be taken back. */
  async deleteActivity(): Promise<void> {
    throw new Error('TwilioSmsAdapter: deleteActivity is not supported');
  }

  /**
   * Runs one turn for a message from a resident, then `afterTurn` (the caller marks the message
   * processed there), then sends the replies. Turn errors go to `onTurnError` when it is set.
   */
  async processActivity(
    activity: Partial<Activity>,
    logic: BotLogic,
    afterTurn?: () => Promise<void>,
  ): Promise<DeliveryResult> {
    const phone = activity.from?.id;
    if (!phone) throw new Error('TwilioSmsAdapter: an inbound activity has no from.id');
    return this.runTurn(new TurnContext(this, activity), phone, logic, afterTurn);
  }

  /**
   * Runs `logic` in a turn of the SMS conversation `reference` names (a proactive message, such
   * as a check-in) and texts whatever it sends to `reference.user.id`. Call it holding the
   * conversation's lock: `SmsChannel.continueConversation` does.
   */
  async continueConversation(reference: Partial<ConversationReference>, logic: BotLogic): Promise<void> {
    await this.proactiveTurn(reference, logic);
  }

  /** As {@link continueConversation}, saying what became of the texts. */
  async proactiveTurn(reference: Partial<ConversationReference>, logic: BotLogic): Promise<DeliveryResult> {
    const phone = reference.user?.id;
    if (!phone || !E164.test(phone)) throw new Error('TwilioSmsAdapter: the reference has no E.164 user id');
    const activity = TurnContext.applyConversationReference(
      { type: ActivityTypes.Event, name: 'continueConversation' },
      reference,
      true,
    );
    return this.runTurn(new TurnContext(this, activity), phone, logic);
  }

  private async runTurn(
    context: TurnContext,
    phone: string,
    logic: BotLogic,
    afterTurn?: () => Promise<void>,
  ): Promise<DeliveryResult> {
    const outbox: Partial<Activity>[] = [];
    context.turnState.set(OUTBOX, outbox);
    await this.runMiddleware(context, logic);
    // Anything sent from here on (there should be nothing) goes out at once.
    context.turnState.delete(OUTBOX);
    await afterTurn?.();
    return this.deliver(phone, toSmsMessages(outbox));
  }

  /**
   * Sends `texts` to `phone` in order, each as one message. Checks the opt-out before each one
   * (except for the STOP confirmation itself, `evenIfOptedOut`). After a message that cannot be
   * sent, the rest are not sent either: they would arrive out of context.
   */
  async deliver(
    phone: string,
    texts: readonly string[],
    { evenIfOptedOut = false }: { evenIfOptedOut?: boolean } = {},
  ): Promise<DeliveryResult> {
    const result: DeliveryResult = { sent: 0, suppressed: 0, failed: 0 };
    const { records, logger } = this.options;
    for (const [index, body] of texts.entries()) {
      if (!evenIfOptedOut && (await records.isOptedOut(phone))) {
        result.suppressed = texts.length - index;
        logger.info('sms.suppressed_opted_out', { phone: maskPhone(phone), messages: result.suppressed });
        break;
      }
      const failure = await this.sendOne(phone, body);
      if (!failure) {
        result.sent += 1;
      } else {
        result.failed = texts.length - index;
        result.failure = failure;
        if (result.failed > 1)
          logger.warn('sms.send_abandoned', { phone: maskPhone(phone), messages: result.failed - 1 });
        break;
      }
    }
    return result;
  }

  /** Sends one message, retrying what is worth retrying; records it (without its body). Returns why it failed, if it did. */
  private async sendOne(to: string, body: string): Promise<DeliveryResult['failure']> {
    const { records, logger, sender } = this.options;
    const { segments } = segmentInfo(body);
    const id = await records.createOutbound(to, segments);
    for (let attempt = 1; ; attempt += 1) {
      try {
        const { sid, status } = await sender.send({ to, body });
        await records.markOutboundAccepted(id, sid, status);
        logger.info('sms.sent', { phone: maskPhone(to), twilioSid: sid, segments, attempt });
        return undefined;
      } catch (error) {
        const { status, code, retryable } = sendErrorOf(error);
        if (retryable && attempt < this.retry.maxAttempts) {
          const delayMs = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
          logger.warn('sms.send_retry', { phone: maskPhone(to), attempt, status, code, delayMs });
          await this.sleep(delayMs);
          continue;
        }
        logger.error('sms.send_failed', {
          phone: maskPhone(to),
          attempt,
          status,
          code,
          ...describeError(error),
        });
        await records.markOutboundFailed(id, code ?? null);
        // Twilio itself has this number opted out (STOP sent to Twilio): remember it here too.
        if (code === TWILIO_UNSUBSCRIBED_RECIPIENT) await records.optOut(to);
        return { status, code, permanent: !retryable };
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// What residents read for the carrier keywords and for messages the bot cannot read

const CALL_US = `To talk to us, call ${SERVICE.phoneSpoken}, ${SERVICE.hours}.`;

/** The fixed answers of the SMS channel, sent without running the conversation. */
export const SMS_REPLIES = {
  stopped: `You will not get any more texts from ${SERVICE.name}. To get texts again, reply START. ${CALL_US}`,
  started: `You will get texts from ${SERVICE.name} again. To stop them at any time, reply STOP.`,
  help:
    `${SERVICE.name}: free support to stop smoking, drink less, move more or lose weight. ${CALL_US} ` +
    'For help with our last question, text HELP ME. To stop texts, reply STOP.',
  notUk:
    `Sorry, this text service is only for UK mobile numbers. ${SERVICE.name} supports people who live in ` +
    `Bournemouth, Poole and Dorset. ${CALL_US}`,
  mediaOnly:
    'Sorry, we can only read text messages, not pictures or other attachments. Please type your answer and send it as a text.',
  empty: 'Sorry, your message was empty. Please type your reply and send it again.',
} as const;

type Keyword = 'stop' | 'start' | 'help';
const KEYWORDS: Record<string, Keyword> = {
  STOP: 'stop',
  STOPALL: 'stop',
  UNSUBSCRIBE: 'stop',
  CANCEL: 'stop',
  END: 'stop',
  QUIT: 'stop',
  START: 'start',
  UNSTOP: 'start',
  HELP: 'help',
  INFO: 'help',
};

/** The carrier keyword a whole message is (any case, trailing "." or "!" allowed), if it is one. */
export function keywordOf(body: string): Keyword | undefined {
  return KEYWORDS[
    body
      .trim()
      .replace(/[.!]+$/, '')
      .trim()
      .toUpperCase()
  ];
}

const E164 = /^\+[1-9][0-9]{6,14}$/;

// ---------------------------------------------------------------------------------------------
// Webhooks

/** What the webhook and the processing need from the SMS records; `SmsRepository`. */
export interface SmsInboxRecords extends SmsOutboxRecords {
  recordInbound(message: NewInboundSms): Promise<boolean>;
  oldestPending(phone: string): Promise<PendingInboundSms | null>;
  countAttempt(id: bigint): Promise<number>;
  markProcessed(id: bigint): Promise<void>;
  phonesWithPending(limit?: number): Promise<string[]>;
  purgeProcessedBefore(before: Date): Promise<number>;
  optIn(phone: string): Promise<boolean>;
  recordStatus(twilioSid: string, status: string, errorCode: number | null): Promise<boolean>;
}

/** Everything `registerTwilioSms` needs; the composition root builds each part. */
export interface TwilioSmsOptions {
  /** Requests for any other account are refused. */
  accountSid: string;
  /** Checks X-Twilio-Signature. */
  authToken: string;
  /** The address Twilio calls (scheme, host, port, any path prefix): what it signs. */
  publicBaseUrl: string;
  /** Take scheme and host from X-Forwarded-Proto/Host (only behind a proxy you control). */
  trustProxy: boolean;
  records: SmsInboxRecords;
  adapter: TwilioSmsAdapter;
  bot: BotLogic;
  /** Runs `fn` holding the phone's conversation lock (across instances); by default runs it directly. */
  runExclusive?: (phone: string, fn: () => Promise<void>) => Promise<void>;
  clock: Clock;
  logger: Logger;
  /** How often unprocessed messages are looked for (after a crash, or another instance's). */
  recoveryIntervalMs?: number;
  /** How long a processed message's MessageSid is kept to recognise Twilio's retries. */
  inboundRetentionMs?: number;
}

/** The SMS channel once registered: background processing, for the app and for tests. */
export interface SmsChannel {
  adapter: TwilioSmsAdapter;
  /**
   * Processes every stored message not yet processed (all phones), each phone under its lock.
   * Returns how many phones had some. Runs at start and on a timer once `start` is called.
   */
  processPending(): Promise<number>;
  /** Settles when no processing started by a webhook or `processPending` is still running. */
  idle(): Promise<void>;
  /**
   * A proactive turn (check-ins) for an SMS conversation, under that phone's lock.
   * @throws SmsNotDelivered when the turn had texts to send and none of them was sent.
   */
  continueConversation(reference: Partial<ConversationReference>, logic: BotLogic): Promise<void>;
  start(): void;
  /** Stops the timer and waits for processing in progress. */
  close(): Promise<void>;
}

/** After this many turns that failed outright (not through onTurnError), a message is given up on. */
const MAX_TURN_ATTEMPTS = 3;
const DEFAULT_RECOVERY_INTERVAL_MS = 60_000;
const DEFAULT_INBOUND_RETENTION_MS = 7 * 24 * 3600 * 1000;
/** Twilio's forms are small: 1,600 characters of body, some addresses and up to 10 media URLs. */
const MAX_FORM_BYTES = 64 * 1024;
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

const sid = (prefix: string) =>
  z.string().regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`), `must be a ${prefix}... SID`);

// Twilio sends more (FromCity, SmsStatus, ApiVersion...): all of it is signed, only these are read.
const inboundSchema = z.object({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/, 'must be an SM... or MM... SID'),
  AccountSid: sid('AC'),
  From: z.string().regex(E164, 'must be an E.164 phone number'),
  To: z.string().min(1).max(64),
  Body: z.string().default(''),
  NumMedia: z.coerce.number().int().min(0).max(10).default(0),
});

const statusSchema = z.object({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/, 'must be an SM... or MM... SID'),
  AccountSid: sid('AC'),
  MessageStatus: z
    .string()
    .regex(/^[a-z_]{1,20}$/, 'must be a Twilio message status')
    .optional(),
  SmsStatus: z
    .string()
    .regex(/^[a-z_]{1,20}$/, 'must be a Twilio message status')
    .optional(),
  ErrorCode: z
    .string()
    .regex(/^\d{0,6}$/, 'must be a number')
    .optional(),
});

type FormParams = Record<string, string | string[]>;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Adds Twilio's webhooks: `POST /api/sms` (a resident's text) and `POST /api/sms/status`
 * (delivery status), both signed. A text is stored before Twilio is answered, and answered
 * afterwards, in arrival order per phone, once.
 */
export function registerTwilioSms(server: Server, options: TwilioSmsOptions): SmsChannel {
  const { accountSid, authToken, records, adapter, bot, clock, logger } = options;
  const runExclusive = options.runExclusive ?? ((_phone: string, fn: () => Promise<void>) => fn());
  const publicBase = new URL(options.publicBaseUrl);
  const inFlight = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  /** The URL Twilio called, as it signed it. */
  const signedUrl = (req: Request): string => {
    const path = `${publicBase.pathname.replace(/\/+$/, '')}${req.url ?? '/'}`;
    if (options.trustProxy) {
      const proto = firstHeader(req, 'x-forwarded-proto');
      const host = firstHeader(req, 'x-forwarded-host');
      if (proto && host && /^https?$/.test(proto)) return `${proto}://${host}${path}`;
    }
    return `${publicBase.protocol}//${publicBase.host}${path}`;
  };

  /** The form, once its signature and account are checked; throws HttpError otherwise. */
  const verifiedForm = async (req: Request, route: string): Promise<FormParams> => {
    const params = await readForm(req);
    const signature = req.headers['x-twilio-signature'];
    if (typeof signature !== 'string' || signature === '') {
      logger.warn('sms.webhook_rejected', { route, reason: 'signature_missing' });
      throw new HttpError(403, 'Forbidden');
    }
    let valid = false;
    try {
      valid = twilio.validateRequest(authToken, signature, signedUrl(req), params);
    } catch {
      valid = false;
    }
    if (!valid) {
      logger.warn('sms.webhook_rejected', { route, reason: 'signature_invalid' });
      throw new HttpError(403, 'Forbidden');
    }
    if (params.AccountSid !== accountSid) {
      logger.warn('sms.webhook_rejected', { route, reason: 'account_mismatch' });
      throw new HttpError(403, 'Forbidden');
    }
    return params;
  };

  const parse = <T>(schema: z.ZodType<T>, params: FormParams, route: string): T => {
    const parsed = schema.safeParse(params);
    if (!parsed.success) {
      // Field names only: the values may be a resident's number or words.
      const fields = parsed.error.issues.map((i) => i.path.join('.'));
      logger.warn('sms.webhook_rejected', { route, reason: 'invalid_fields', fields });
      const issue = parsed.error.issues[0];
      throw new HttpError(400, `${issue.path.join('.')}: ${issue.message}`);
    }
    return parsed.data;
  };

  const track = (work: Promise<void>): Promise<void> => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
    return work;
  };

  const activityFor = (row: PendingInboundSms, text: string): Partial<Activity> => {
    const attachments: Attachment[] = Array.from({ length: row.numMedia }, (_, i) => ({
      // The media stay with Twilio (they are personal and need the account's credentials): the
      // bot learns that something was attached, not what.
      contentType: 'application/vnd.twilio.media',
      name: `attachment ${i + 1}`,
    }));
    return {
      type: ActivityTypes.Message,
      id: row.messageSid,
      timestamp: row.receivedAt,
      channelId: SMS_CHANNEL_ID,
      serviceUrl: options.publicBaseUrl,
      from: { id: row.from, name: '', role: 'user' },
      recipient: { id: row.to, name: SERVICE.name, role: 'bot' },
      conversation: {
        id: smsConversationId(row.from),
        isGroup: false,
        conversationType: 'personal',
        name: '',
      },
      text,
      textFormat: 'plain',
      locale: 'en-GB',
      ...(attachments.length > 0 ? { attachments } : {}),
    };
  };

  /** Answers one stored message: a keyword, a fixed reply, or a turn of the conversation. */
  const processOne = async (row: PendingInboundSms): Promise<void> => {
    const phone = row.from;
    const masked = maskPhone(phone);
    const done = () => records.markProcessed(row.id);
    const reply = async (text: string, evenIfOptedOut = false) => {
      await done();
      await adapter.deliver(phone, messagesFromTexts([text]), { evenIfOptedOut });
    };

    const attempts = await records.countAttempt(row.id);
    if (attempts > MAX_TURN_ATTEMPTS) {
      logger.error('sms.inbound_given_up', {
        phone: masked,
        messageSid: row.messageSid,
        attempts: attempts - 1,
      });
      return done();
    }
    const text = (row.body ?? '').trim();
    const keyword = keywordOf(text);

    if (keyword === 'stop') {
      const changed = await records.optOut(phone);
      logger.info('sms.opted_out', { phone: masked, alreadyOptedOut: !changed });
      // One confirmation: a second STOP changes nothing and gets no answer.
      return changed ? reply(SMS_REPLIES.stopped, true) : done();
    }
    if (keyword === 'start' && (await records.optIn(phone))) {
      logger.info('sms.opted_in', { phone: masked });
      return reply(SMS_REPLIES.started);
    }
    if (await records.isOptedOut(phone)) {
      // Nothing at all goes to an opted-out number, so the conversation does not move on either.
      logger.info('sms.ignored_opted_out', { phone: masked, messageSid: row.messageSid });
      return done();
    }
    if (keyword === 'help') return reply(SMS_REPLIES.help);
    if (!phone.startsWith('+44')) return reply(SMS_REPLIES.notUk);
    if (text === '' && row.numMedia > 0) return reply(SMS_REPLIES.mediaOnly);
    if (text === '') return reply(SMS_REPLIES.empty);

    const result = await adapter.processActivity(activityFor(row, text), bot, done);
    logger.info('sms.turn', { phone: masked, messageSid: row.messageSid, ...result });
  };

  /** Answers the phone's stored messages one at a time, oldest first, holding its lock. */
  const drain = (phone: string): Promise<void> =>
    track(
      runExclusive(phone, async () => {
        for (;;) {
          const row = await records.oldestPending(phone);
          if (!row) return;
          try {
            await processOne(row);
          } catch (error) {
            // Left unprocessed: the recovery timer tries again (attempts are counted).
            logger.error('sms.inbound_failed', {
              phone: maskPhone(phone),
              messageSid: row.messageSid,
              ...describeError(error),
            });
            return;
          }
        }
      }).catch((error: unknown) => {
        logger.error('sms.drain_failed', { phone: maskPhone(phone), ...describeError(error) });
      }),
    );

  const processPending = async (): Promise<number> => {
    let phones: string[];
    try {
      phones = await records.phonesWithPending();
    } catch (error) {
      logger.error('sms.recovery_failed', describeError(error));
      return 0;
    }
    for (const phone of phones) await drain(phone);
    return phones.length;
  };

  const recover = async () => {
    if (closed) return;
    await track(
      (async () => {
        await processPending();
        try {
          const retention = options.inboundRetentionMs ?? DEFAULT_INBOUND_RETENTION_MS;
          const purged = await records.purgeProcessedBefore(new Date(clock.now().getTime() - retention));
          if (purged) logger.info('sms.inbound_purged', { messages: purged });
        } catch (error) {
          logger.error('sms.purge_failed', describeError(error));
        }
      })(),
    );
  };

  server.post(SMS_WEBHOOK_PATH, async (req: Request, res: Response) => {
    let phone: string;
    try {
      const message = parse(inboundSchema, await verifiedForm(req, 'inbound'), 'inbound');
      phone = message.From;
      let isNew: boolean;
      try {
        isNew = await records.recordInbound({
          messageSid: message.MessageSid,
          from: message.From,
          to: message.To,
          body: message.Body,
          numMedia: message.NumMedia,
        });
      } catch (error) {
        // Not stored, so not acknowledged: Twilio tries again later and nothing is lost.
        logger.error('sms.inbound_store_failed', { phone: maskPhone(message.From), ...describeError(error) });
        throw new HttpError(503, 'Service Unavailable');
      }
      logger.info('sms.received', {
        phone: maskPhone(message.From),
        messageSid: message.MessageSid,
        duplicate: !isNew,
        numMedia: message.NumMedia,
      });
    } catch (error) {
      return sendError(res, error, logger);
    }
    res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(EMPTY_TWIML);
    // After the answer: a retry of a message whose first processing died is picked up too.
    if (!closed) void drain(phone);
  });

  server.post(SMS_STATUS_PATH, async (req: Request, res: Response) => {
    try {
      const update = parse(statusSchema, await verifiedForm(req, 'status'), 'status');
      const status = update.MessageStatus ?? update.SmsStatus;
      if (!status) throw new HttpError(400, 'MessageStatus: required');
      const errorCode = update.ErrorCode ? Number(update.ErrorCode) : null;
      let known: boolean;
      try {
        known = await records.recordStatus(update.MessageSid, status, errorCode);
      } catch (error) {
        logger.error('sms.status_store_failed', describeError(error));
        throw new HttpError(503, 'Service Unavailable');
      }
      const log = status === 'failed' || status === 'undelivered' ? logger.warn : logger.info;
      log('sms.status', { twilioSid: update.MessageSid, status, errorCode, known });
    } catch (error) {
      return sendError(res, error, logger);
    }
    res.writeHead(204, { 'Cache-Control': 'no-store' });
    res.end();
  });

  return {
    adapter,
    processPending,
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    async continueConversation(reference, logic) {
      let result: DeliveryResult = { sent: 0, suppressed: 0, failed: 0 };
      await runExclusive(reference.user?.id ?? '', async () => {
        result = await adapter.proactiveTurn(reference, logic);
      });
      logger.info('sms.proactive', { phone: maskPhone(reference.user?.id ?? ''), ...result });
      // Nothing reached the resident: safe to try again later (nothing would arrive twice).
      if (result.sent === 0 && result.failed + result.suppressed > 0) throw new SmsNotDelivered(result);
    },
    start() {
      if (timer || closed) return;
      void recover();
      timer = setInterval(() => void recover(), options.recoveryIntervalMs ?? DEFAULT_RECOVERY_INTERVAL_MS);
      timer.unref();
    },
    async close() {
      closed = true;
      clearInterval(timer);
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

function sendError(res: Response, error: unknown, logger: Logger): void {
  let status = 500;
  let message = 'Internal Server Error';
  if (error instanceof HttpError) {
    ({ status, message } = error);
  } else {
    logger.error('sms.webhook_failed', describeError(error));
  }
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    ...(status === 503 ? { 'Retry-After': '30' } : {}),
  });
  res.end(message);
}

function firstHeader(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  const first = (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim();
  return first || undefined;
}

/** The request's form fields (a repeated name gives an array); empty unless it is a form. */
async function readForm(req: Request): Promise<FormParams> {
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  if (!type.startsWith('application/x-www-form-urlencoded')) return {};
  if (Number(req.headers['content-length'] ?? 0) > MAX_FORM_BYTES)
    throw new HttpError(413, 'Payload Too Large');
  // Another route's body parser may have run first (a server-wide `use`).
  const already = (req as { body?: unknown }).body;
  let text: string;
  if (typeof already === 'string' || Buffer.isBuffer(already)) {
    text = already.toString();
  } else if (already !== undefined && typeof already === 'object' && already !== null) {
    return Object.fromEntries(
      Object.entries(already).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : String(v)]),
    );
  } else {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_FORM_BYTES) throw new HttpError(413, 'Payload Too Large');
      chunks.push(chunk);
    }
    text = Buffer.concat(chunks).toString('utf8');
  }
  const params: FormParams = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const existing = params[key];
    if (existing === undefined) params[key] = value;
    else params[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return params;
}
