import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  type Activity,
  ActivityTypes,
  BotAdapter,
  type ChannelAccount,
  type ConversationReference,
  type ResourceResponse,
  TurnContext,
} from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { describeError } from '../logger';

/** The channel id our own Direct Line gives every activity. */
export const DIRECT_LINE_CHANNEL_ID = 'directline';

/** The bot as residents see it in the chat. */
export const DIRECT_LINE_BOT: Readonly<ChannelAccount> = Object.freeze({
  id: 'livewell-bot',
  name: 'LiveWell Dorset',
  role: 'bot',
});

/**
 * What the Direct Line routes and adapter need from the transcript store: the methods of
 * `DirectLineStore` (src/db/directLineStore.ts), declared here so tests can hand in either.
 */
export interface DirectLineStorePort {
  createConversation(id: string, userId: string): Promise<void>;
  getConversation(id: string): Promise<{ id: string; userId: string; createdAt: Date } | null>;
  /** Adds an activity, giving it an `id` if it has none; returns that id and the activity's watermark. */
  append(
    conversationId: string,
    activity: Record<string, unknown>,
  ): Promise<{ id: string; watermark: string }>;
  /** Activities after `watermark` (all when undefined), and the watermark to ask from next. */
  since(
    conversationId: string,
    watermark: string | undefined,
    limit?: number,
  ): Promise<{ activities: Record<string, unknown>[]; watermark: string }>;
  /** Deletes conversations (and their activities) older than `retentionMs`; how many. */
  purgeOlderThan(retentionMs: number): Promise<number>;
}

interface Clock {
  now(): Date;
}

interface Logger {
  info(msg: string, meta?: object): void;
  warn(msg: string, meta?: object): void;
  error(msg: string, meta?: object): void;
}

/** What a bot turn on this channel runs: the bot's `run`, usually. */
export type BotLogic = (context: TurnContext) => Promise<void>;

/**
 * The bot side of the built-in Direct Line channel: a reply is "sent" by appending it to the
 * conversation's transcript, which Web Chat then polls.
 */
export class DirectLineAdapter extends BotAdapter {
  constructor(
    private readonly store: Pick<DirectLineStorePort, 'append'>,
    private readonly clock: Clock,
  ) {
    super();
  }

  /** Stores each outgoing activity as sent by the bot; `delay` and Emulator-only `trace` are dropped. */
  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      // Like the Bot Framework connector, `trace` only ever goes to the Emulator, and a
      // `delay` is a pause between replies: Web Chat shows replies as they arrive anyway.
      if (
        activity.type === 'delay' ||
        activity.type === ActivityTypes.Trace ||
        activity.type === 'invokeResponse'
      ) {
        responses.push({ id: '' });
        continue;
      }
      const conversationId = activity.conversation?.id ?? context.activity.conversation?.id;
      if (!conversationId) throw new Error('DirectLineAdapter: an outgoing activity has no conversation id');
      const outgoing: Record<string, unknown> = {
        ...activity,
        type: activity.type ?? ActivityTypes.Message,
        // No `id`: the store gives it one in Azure's form, `<conversation id>|<seq>`.
        id: undefined,
        timestamp: this.clock.now().toISOString(),
        channelId: DIRECT_LINE_CHANNEL_ID,
        from: { ...DIRECT_LINE_BOT },
        conversation: { id: conversationId },
        recipient: activity.recipient ?? context.activity.from,
        replyToId: activity.replyToId ?? context.activity.id,
      };
      for (const key of Object.keys(outgoing)) if (outgoing[key] === undefined) delete outgoing[key];
      const { id } = await this.store.append(conversationId, outgoing);
      responses.push({ id });
    }
    return responses;
  }

  /** Not offered: Web Chat's polling has no way to learn of an edit. */
  async updateActivity(): Promise<void> {
    throw new Error('DirectLineAdapter: updateActivity is not supported');
  }

  /** Not offered: Web Chat's polling has no way to learn of a deletion. */
  async deleteActivity(): Promise<void> {
    throw new Error('DirectLineAdapter: deleteActivity is not supported');
  }

  /** Runs `logic` in a turn for an existing conversation, for proactive messages. */
  async continueConversation(
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const activity = TurnContext.applyConversationReference(
      { type: ActivityTypes.Event, name: 'continueConversation' },
      reference,
      true,
    );
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }

  /** Runs one turn for an activity that arrived from a resident. */
  async processActivity(activity: Partial<Activity>, logic: BotLogic): Promise<void> {
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }
}

// ---------------------------------------------------------------------------------------------
// Tokens

/** What a Direct Line token grants: acting as `user`, in conversation `conv` if it names one. */
export interface TokenClaims {
  user: string;
  conv?: string;
}

/** Why a token was refused; `expired` is the only one a well-behaved client ever sees. */
export type TokenCheck =
  | { ok: true; claims: TokenClaims; expiresAt: Date }
  | { ok: false; reason: 'malformed' | 'signature' | 'expired' };

// Web Chat reads the `user` claim out of the token's second dot-separated part to decide which
// user id it is, so the token is shaped like a JWT (HS256): header.payload.signature.
const TOKEN_HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
const tokenPayloadSchema = z.object({
  user: z.string().min(1).max(128),
  conv: z.string().min(1).max(64).optional(),
  exp: z.number().int().positive(),
});

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

function tokenKey(secret: string): Buffer {
  // A key of its own, so a token signature can never be replayed as any other signature we make.
  return createHmac('sha256', secret).update('livewell/directline/token/v1').digest();
}

function sign(secret: string, data: string): Buffer {
  return createHmac('sha256', tokenKey(secret)).update(data).digest();
}

/** Makes a signed token for `claims`, valid for `ttlSeconds` from `now`. */
export function issueToken(secret: string, claims: TokenClaims, ttlSeconds: number, now: Date): string {
  const payload: z.infer<typeof tokenPayloadSchema> = {
    ...(claims.conv === undefined ? {} : { conv: claims.conv }),
    user: claims.user,
    exp: Math.floor(now.getTime() / 1000) + ttlSeconds,
  };
  const signed = `${TOKEN_HEADER}.${base64url(JSON.stringify(payload))}`;
  return `${signed}.${sign(secret, signed).toString('base64url')}`;
}

/** Checks a token's signature (in constant time) and expiry. */
export function verifyToken(secret: string, token: string, now: Date): TokenCheck {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) {
    return { ok: false, reason: 'malformed' };
  }
  const [header, payload, signature] = parts;
  // Compare the encoded text, not decoded bytes: base64url's last character has padding bits,
  // so a differently spelt signature could decode to the same bytes.
  const expected = Buffer.from(sign(secret, `${header}.${payload}`).toString('base64url'), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  if (header !== TOKEN_HEADER || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'signature' };
  }
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const parsed = tokenPayloadSchema.safeParse(decoded);
  if (!parsed.success) return { ok: false, reason: 'malformed' };
  const expiresAt = new Date(parsed.data.exp * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  const { user, conv } = parsed.data;
  return { ok: true, claims: conv === undefined ? { user } : { user, conv }, expiresAt };
}

/** A user id nobody can guess, in the `dl_` form Direct Line reserves for server-issued ids. */
export function newDirectLineUserId(): string {
  return `dl_${randomBytes(24).toString('base64url')}`;
}

function newConversationId(): string {
  return randomBytes(18).toString('base64url');
}

function newActivityId(): string {
  return randomBytes(12).toString('base64url');
}

// ---------------------------------------------------------------------------------------------
// HTTP routes

/** Everything `registerDirectLine` needs; the composition root builds each part. */
export interface DirectLineOptions {
  /** Server-to-server secret for `POST /tokens/generate`; also the root of the token key. */
  secret: string;
  tokenTtlSeconds: number;
  /** Transcripts older than this are deleted by `purgeExpired`. */
  transcriptRetentionMs: number;
  /** Where the bot is reached from outside; becomes each activity's `serviceUrl`. */
  publicBaseUrl: string;
  clock: Clock;
  store: DirectLineStorePort;
  adapter: DirectLineAdapter;
  bot: BotLogic;
  /** Runs `fn` holding the conversation's lock; by default runs it directly. */
  runTurn?: (conversationId: string, fn: () => Promise<void>) => Promise<void>;
  logger: Logger;
}

const BASE = '/v3/directline';
/** Larger than any activity Web Chat sends for a 5,000-character message. */
const MAX_BODY_BYTES = 64 * 1024;
const PAGE_SIZE = 100;

/** An answer other than success, in the shape Azure's Direct Line uses. */
class DirectLineError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const conversationIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const watermarkSchema = z
  .string()
  .regex(/^\d{0,19}$/)
  .optional()
  .transform((w) => (w === undefined || w === '' ? undefined : w));
const userIdSchema = z.string().regex(/^[\x21-\x7e]{1,128}$/, 'user.id must be 1 to 128 visible characters');

const generateBodySchema = z
  .object({ user: z.object({ id: userIdSchema.optional() }).optional() })
  .optional();

// What a client may say; the rest of what Web Chat sends (`from`, `channelId`, `attachments`,
// `entities`, its local time) is dropped, and the server fills in who and where.
const common = {
  locale: z.string().max(20).optional(),
  value: z.unknown().optional(),
  // Web Chat puts `clientActivityID` here and matches our echo on it to mark a message sent.
  channelData: z.record(z.string(), z.unknown()).optional(),
};
const activityBodySchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('message'),
      text: z.string().max(5000, 'text must be at most 5,000 characters').optional(),
      textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
      ...common,
    })
    .refine((a) => a.text !== undefined || a.value !== undefined, 'a message needs text or a value'),
  z.object({ type: z.literal('event'), name: z.string().min(1).max(200), ...common }),
  z.object({ type: z.literal('typing'), ...common }),
]);

/**
 * Adds the Direct Line 3.0 routes Web Chat uses (token, conversation, activities, refresh) under
 * `/v3/directline`. Returns the transcript clean-up, for the composition root to call on a timer.
 */
export function registerDirectLine(
  server: Server,
  options: DirectLineOptions,
): { purgeExpired(): Promise<number> } {
  const { secret, tokenTtlSeconds, clock, store, adapter, bot, logger, publicBaseUrl } = options;
  const runTurn = options.runTurn ?? ((_id: string, fn: () => Promise<void>) => fn());

  const handle =
    (name: string, fn: (req: Request) => Promise<{ status: number; body: unknown }>) =>
    async (req: Request, res: Response) => {
      let status: number;
      let body: unknown;
      try {
        ({ status, body } = await fn(req));
      } catch (error) {
        if (error instanceof DirectLineError) {
          status = error.status;
          body = { error: { code: error.code, message: error.message } };
        } else {
          logger.error('directline: request failed', { route: name, ...describeError(error) });
          status = 500;
          body = { error: { code: 'ServiceError', message: 'Something went wrong. Try again shortly.' } };
        }
      }
      sendJson(res, status, body);
    };

  const tokenFrom = (req: Request): TokenClaims => {
    const bearer = bearerOf(req);
    const check = verifyToken(secret, bearer, clock.now());
    if (check.ok) return check.claims;
    if (check.reason === 'expired') throw new DirectLineError(403, 'TokenExpired', 'Token expired');
    throw new DirectLineError(403, 'BadArgument', 'Token not valid');
  };

  const tokenResponse = (claims: TokenClaims) => ({
    token: issueToken(secret, claims, tokenTtlSeconds, clock.now()),
    expires_in: tokenTtlSeconds,
  });

  /** The conversation in the URL, if this token may use it. */
  const authorisedConversation = async (req: Request) => {
    const claims = tokenFrom(req);
    const id: unknown = req.params?.id;
    if (claims.conv !== undefined && claims.conv !== id) {
      throw new DirectLineError(403, 'BadArgument', 'Token not valid for this conversation');
    }
    const parsedId = conversationIdSchema.safeParse(id);
    const conversation = parsedId.success ? await store.getConversation(parsedId.data) : null;
    if (!conversation) throw new DirectLineError(404, 'BadArgument', 'Conversation not found');
    // A token for no conversation may still reopen one its own user started.
    if (conversation.userId !== claims.user) {
      throw new DirectLineError(403, 'BadArgument', 'Token not valid for this conversation');
    }
    return { conversation, claims };
  };

  const turn = async (conversationId: string, activity: Partial<Activity>) => {
    try {
      await adapter.processActivity(activity, bot);
    } catch (error) {
      logger.error('directline: bot turn failed', {
        conversationId,
        type: activity.type,
        ...describeError(error),
      });
      throw new DirectLineError(502, 'BotError', 'The bot could not answer. Try again shortly.');
    }
  };

  server.post(
    `${BASE}/tokens/generate`,
    handle('tokens/generate', async (req) => {
      if (!sameSecret(bearerOf(req), secret)) {
        throw new DirectLineError(403, 'BadArgument', 'Secret not valid');
      }
      const parsed = generateBodySchema.safeParse(await readJson(req));
      if (!parsed.success) throw new DirectLineError(400, 'BadArgument', firstIssue(parsed.error));
      const conversationId = newConversationId();
      const user = parsed.data?.user?.id ?? newDirectLineUserId();
      logger.info('directline: token generated', { conversationId });
      return { status: 200, body: { conversationId, ...tokenResponse({ user, conv: conversationId }) } };
    }),
  );

  server.post(
    `${BASE}/tokens/refresh`,
    handle('tokens/refresh', async (req) => ({ status: 200, body: tokenResponse(tokenFrom(req)) })),
  );

  server.post(
    `${BASE}/conversations`,
    handle('conversations/start', async (req) => {
      const claims = tokenFrom(req);
      const conversationId = claims.conv ?? newConversationId();
      const answer = { conversationId, ...tokenResponse({ user: claims.user, conv: conversationId }) };
      let existing = await store.getConversation(conversationId);
      if (!existing) {
        try {
          await store.createConversation(conversationId, claims.user);
        } catch (error) {
          // Two starts with one token at once: the other request created it.
          existing = await store.getConversation(conversationId);
          if (!existing) throw error;
        }
      }
      if (existing) {
        if (existing.userId !== claims.user) {
          throw new DirectLineError(403, 'BadArgument', 'Token not valid for this conversation');
        }
        return { status: 200, body: answer };
      }
      logger.info('directline: conversation started', { conversationId });
      const user: ChannelAccount = { id: claims.user, name: '', role: 'user' };
      const update: Partial<Activity> = {
        type: ActivityTypes.ConversationUpdate,
        id: newActivityId(),
        timestamp: clock.now(),
        channelId: DIRECT_LINE_CHANNEL_ID,
        serviceUrl: publicBaseUrl,
        from: user,
        recipient: { ...DIRECT_LINE_BOT },
        conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
        membersAdded: [{ ...DIRECT_LINE_BOT }, user],
      };
      try {
        await runTurn(conversationId, () => turn(conversationId, update));
      } catch (error) {
        // The conversation works without its greeting; the resident can still type.
        if (!(error instanceof DirectLineError)) {
          logger.error('directline: greeting failed', { conversationId, ...describeError(error) });
        }
      }
      return { status: 201, body: answer };
    }),
  );

  server.get(
    `${BASE}/conversations/:id`,
    handle('conversations/reconnect', async (req) => {
      const { conversation, claims } = await authorisedConversation(req);
      parseWatermark(req);
      const body = {
        conversationId: conversation.id,
        ...tokenResponse({ user: claims.user, conv: conversation.id }),
      };
      return { status: 200, body };
    }),
  );

  server.get(
    `${BASE}/conversations/:id/activities`,
    handle('activities/get', async (req) => {
      const { conversation } = await authorisedConversation(req);
      const page = await store.since(conversation.id, parseWatermark(req), PAGE_SIZE);
      return { status: 200, body: { activities: page.activities, watermark: page.watermark } };
    }),
  );

  server.post(
    `${BASE}/conversations/:id/activities`,
    handle('activities/post', async (req) => {
      const { conversation, claims } = await authorisedConversation(req);
      const parsed = activityBodySchema.safeParse(await readJson(req));
      if (!parsed.success) throw new DirectLineError(400, 'BadArgument', firstIssue(parsed.error));
      const conversationId = conversation.id;
      // Everything that says who and where comes from the token and the URL, never the client.
      const activity: Record<string, unknown> = {
        ...parsed.data,
        timestamp: clock.now().toISOString(),
        channelId: DIRECT_LINE_CHANNEL_ID,
        serviceUrl: publicBaseUrl,
        from: { id: claims.user, role: 'user' },
        conversation: { id: conversationId },
        recipient: { ...DIRECT_LINE_BOT },
      };
      let id = '';
      await runTurn(conversationId, async () => {
        // Stored first: Web Chat shows a message as sent only once it sees it come back.
        ({ id } = await store.append(conversationId, activity));
        await turn(conversationId, {
          ...(activity as Partial<Activity>),
          id,
          timestamp: new Date(activity.timestamp as string),
        });
      });
      return { status: 200, body: { id } };
    }),
  );

  return { purgeExpired: () => store.purgeOlderThan(options.transcriptRetentionMs) };
}

function sendJson(res: Response, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

function bearerOf(req: Request): string {
  const header = req.headers.authorization;
  if (!header) throw new DirectLineError(401, 'BadArgument', 'Missing Authorization header');
  const match = /^Bearer +(\S+)\s*$/i.exec(header);
  if (!match) throw new DirectLineError(403, 'BadArgument', 'Authorization must be "Bearer <token>"');
  return match[1];
}

/** Compares secrets in constant time, whatever their lengths. */
function sameSecret(given: string, secret: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(secret).digest();
  return timingSafeEqual(a, b);
}

function parseWatermark(req: Request): string | undefined {
  const raw = new URL(req.url ?? '/', 'http://localhost').searchParams.getAll('watermark');
  const parsed = watermarkSchema.safeParse(raw.length > 1 ? '#' : raw[0]);
  if (!parsed.success) throw new DirectLineError(400, 'BadArgument', 'watermark must be a whole number');
  return parsed.data;
}

async function readJson(req: Request): Promise<unknown> {
  // Another route's body parser may have run first (a server-wide `use`).
  const already = (req as { body?: unknown }).body;
  if (already !== undefined && typeof already !== 'string' && !Buffer.isBuffer(already)) return already;
  let text: string;
  if (already !== undefined) {
    text = already.toString();
  } else {
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
      throw new DirectLineError(413, 'MessageSizeTooBig', 'The request is too large');
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY_BYTES)
        throw new DirectLineError(413, 'MessageSizeTooBig', 'The request is too large');
      chunks.push(chunk);
    }
    text = Buffer.concat(chunks).toString('utf8');
  }
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new DirectLineError(400, 'MalformedData', 'The body is not valid JSON');
  }
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue.message}`;
}
