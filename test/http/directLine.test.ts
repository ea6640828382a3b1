import type { AddressInfo } from 'node:net';
import { TurnContext } from 'botbuilder';
import restify from 'restify';
import {
  DirectLineAdapter,
  issueToken,
  registerDirectLine,
  type DirectLineStorePort,
} from '../../src/channels/directLine';
import { DirectLineStore } from '../../src/db/directLineStore';
import { registerWebChatToken } from '../../src/web/webchatToken';
import { createTestDatabase, type TestDatabase } from '../support/db';

const SECRET = 'test-direct-line-secret-0123456789abcdef';
const TTL_SECONDS = 1800;
const RETENTION_MS = 24 * 60 * 60 * 1000;
const START = new Date('2026-12-04T10:00:00Z');

let db: TestDatabase;
let server: restify.Server;
let base: string;
let nowMs = START.getTime();
const clock = { now: () => new Date(nowMs) };
const logs: string[] = [];
const turns: Partial<TurnContext['activity']>[] = [];
let purgeExpired: () => Promise<number>;
let adapter: DirectLineAdapter;

/** The echo bot: greets a new conversation, repeats each message, fails on "boom". */
async function echoBot(context: TurnContext): Promise<void> {
  turns.push(context.activity);
  if (context.activity.type === 'message') {
    if (context.activity.text === 'boom') throw new Error(`the bot broke on ${context.activity.text}`);
    if (context.activity.text === 'think') {
      await context.sendActivities([{ type: 'typing' }, { type: 'delay', value: 1000 }, { type: 'trace' }]);
    }
    await context.sendActivity(`echo: ${context.activity.text}`);
  }
  if (context.activity.type === 'conversationUpdate') await context.sendActivity('hello');
}

beforeAll(async () => {
  db = await createTestDatabase();
  const store: DirectLineStorePort = new DirectLineStore(db.prisma, clock);
  const logger = {
    info: (msg: string, meta?: object) => logs.push(JSON.stringify({ msg, meta })),
    warn: (msg: string, meta?: object) => logs.push(JSON.stringify({ msg, meta })),
    error: (msg: string, meta?: object) => logs.push(JSON.stringify({ msg, meta })),
  };
  server = restify.createServer();
  ({ purgeExpired } = registerDirectLine(server, {
    secret: SECRET,
    tokenTtlSeconds: TTL_SECONDS,
    transcriptRetentionMs: RETENTION_MS,
    publicBaseUrl: 'https://chat.example.test',
    clock,
    store,
    adapter: (adapter = new DirectLineAdapter(store, clock)),
    bot: echoBot,
    logger,
  }));
  registerWebChatToken(server, { secret: SECRET, tokenTtlSeconds: TTL_SECONDS, clock, cookieSecure: false });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await db.drop();
});

beforeEach(() => {
  nowMs = START.getTime();
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function call(
  method: string,
  path: string,
  {
    token,
    body,
    raw,
    headers = {},
  }: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; json: Json; headers: Headers }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }),
      ...(body === undefined && raw === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : {}, headers: response.headers };
}

async function webChatToken(cookie?: string) {
  const response = await fetch(`${base}/webchat/token`, {
    method: 'POST',
    headers: cookie ? { Cookie: cookie } : {},
  });
  const json = (await response.json()) as { token: string; expires_in: number; userId: string };
  return { status: response.status, setCookie: response.headers.get('set-cookie') ?? '', ...json };
}

/** A started conversation: its id, its token and the resident's user id. */
async function startConversation() {
  const { token, userId } = await webChatToken();
  const started = await call('POST', '/v3/directline/conversations', { token });
  expect(started.status).toBe(201);
  return {
    conversationId: started.json.conversationId as string,
    token: started.json.token as string,
    userId,
  };
}

const activitiesPath = (id: string, watermark?: string) =>
  `/v3/directline/conversations/${id}/activities${watermark === undefined ? '' : `?watermark=${watermark}`}`;

function payloadOf(token: string): Json {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

describe('POST /v3/directline/tokens/generate', () => {
  test('with the secret, gives a token for a new conversation and the user the caller names', async () => {
    const { status, json } = await call('POST', '/v3/directline/tokens/generate', {
      token: SECRET,
      body: { user: { id: 'dl_server-chosen' } },
    });
    expect(status).toBe(200);
    expect(json).toEqual({
      conversationId: expect.any(String),
      token: expect.any(String),
      expires_in: TTL_SECONDS,
    });
    expect(payloadOf(json.token)).toMatchObject({ user: 'dl_server-chosen', conv: json.conversationId });

    const started = await call('POST', '/v3/directline/conversations', { token: json.token });
    expect(started.status).toBe(201);
    expect(started.json.conversationId).toBe(json.conversationId);
    const { json: page } = await call('GET', activitiesPath(json.conversationId, ''), {
      token: started.json.token,
    });
    expect(page.activities[0]).toMatchObject({ text: 'hello', recipient: { id: 'dl_server-chosen' } });
  });

  test('with no body, makes up a dl_ user id', async () => {
    const { status, json } = await call('POST', '/v3/directline/tokens/generate', { token: SECRET });
    expect(status).toBe(200);
    expect(payloadOf(json.token).user).toMatch(/^dl_[A-Za-z0-9_-]{32}$/);
  });

  test('a wrong secret is 403 and a missing one 401, each with an error body', async () => {
    const wrong = await call('POST', '/v3/directline/tokens/generate', { token: `${SECRET}x` });
    expect(wrong.status).toBe(403);
    expect(wrong.json.error).toEqual({ code: expect.any(String), message: expect.any(String) });
    const missing = await call('POST', '/v3/directline/tokens/generate');
    expect(missing.status).toBe(401);
    expect(missing.json.error.code).toEqual(expect.any(String));
    // A token is not the secret.
    const { token } = await webChatToken();
    expect((await call('POST', '/v3/directline/tokens/generate', { token })).status).toBe(403);
  });

  test('a bad body is 400', async () => {
    const badJson = await call('POST', '/v3/directline/tokens/generate', { token: SECRET, raw: '{"user":' });
    expect(badJson.status).toBe(400);
    const badUser = await call('POST', '/v3/directline/tokens/generate', {
      token: SECRET,
      body: { user: { id: 'a b' } },
    });
    expect(badUser.status).toBe(400);
  });
});

describe('POST /webchat/token', () => {
  test('issues a random user id in a signed HttpOnly cookie, and a token for that user', async () => {
    const first = await webChatToken();
    expect(first.status).toBe(200);
    expect(first.userId).toMatch(/^dl_[A-Za-z0-9_-]{32}$/);
    expect(first.expires_in).toBe(TTL_SECONDS);
    expect(payloadOf(first.token)).toEqual({ user: first.userId, exp: START.getTime() / 1000 + TTL_SECONDS });
    const attributes = first.setCookie.split(';').map((s) => s.trim());
    expect(attributes[0]).toMatch(new RegExp(`^lw_uid=${first.userId}\\.[A-Za-z0-9_-]{43}$`));
    expect(attributes).toEqual(
      expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/', 'Max-Age=31536000']),
    );
    expect(attributes).not.toContain('Secure');
    expect((await webChatToken()).userId).not.toBe(first.userId);
  });

  test('a returning browser keeps its user id', async () => {
    const first = await webChatToken();
    const again = await webChatToken(`theme=dark; ${first.setCookie.split(';')[0]}`);
    expect(again.userId).toBe(first.userId);
    expect(payloadOf(again.token).user).toBe(first.userId);
  });

  test('a tampered or unsigned cookie is ignored and a new id issued', async () => {
    const first = await webChatToken();
    const cookie = first.setCookie.split(';')[0];
    const [name, value] = cookie.split('=');
    const [userId, signature] = value.split('.');
    const otherUser = `dl_${'A'.repeat(32)}`;
    for (const forged of [
      `${name}=${otherUser}.${signature}`,
      `${name}=${userId}.${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`,
      `${name}=${userId}`,
      `${name}=${otherUser}`,
      `${name}=`,
    ]) {
      const answer = await webChatToken(forged);
      expect(answer.userId).not.toBe(userId);
      expect(answer.userId).not.toBe(otherUser);
      expect(answer.userId).toMatch(/^dl_[A-Za-z0-9_-]{32}$/);
    }
  });

  test('a signature spelt differently but decoding to the same bytes is refused', async () => {
    // The last of 43 base64url characters holds 2 padding bits: flipping them keeps the bytes.
    const flipPadding = (sig: string) => {
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const last = alphabet.indexOf(sig[sig.length - 1]);
      return sig.slice(0, -1) + alphabet[last ^ 1];
    };
    const first = await webChatToken();
    const [name, value] = first.setCookie.split(';')[0].split('=');
    const [userId, signature] = value.split('.');
    expect(Buffer.from(flipPadding(signature), 'base64url')).toEqual(Buffer.from(signature, 'base64url'));
    expect((await webChatToken(`${name}=${userId}.${flipPadding(signature)}`)).userId).not.toBe(userId);
    const [h, p, s] = first.token.split('.');
    const res = await fetch(`${base}/v3/directline/conversations`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${h}.${p}.${flipPadding(s)}` },
    });
    expect(res.status).toBe(403);
  });

  test('sets Secure when asked to', async () => {
    const secure = restify.createServer();
    registerWebChatToken(secure, { secret: SECRET, tokenTtlSeconds: TTL_SECONDS, clock, cookieSecure: true });
    await new Promise<void>((resolve) => secure.listen(0, '127.0.0.1', resolve));
    try {
      const response = await fetch(
        `http://127.0.0.1:${(secure.address() as AddressInfo).port}/webchat/token`,
        {
          method: 'POST',
        },
      );
      expect(response.headers.get('set-cookie')).toMatch(/; Secure/);
    } finally {
      await new Promise<void>((resolve) => secure.close(() => resolve()));
    }
  });
});

describe('a conversation', () => {
  test('starts with the greeting waiting at watermark ""', async () => {
    const { token, userId } = await webChatToken();
    const started = await call('POST', '/v3/directline/conversations', { token });
    expect(started.status).toBe(201);
    expect(started.json).toEqual({
      conversationId: expect.any(String),
      token: expect.any(String),
      expires_in: TTL_SECONDS,
    });
    const { conversationId } = started.json;
    expect(payloadOf(started.json.token)).toMatchObject({ user: userId, conv: conversationId });

    const update = turns.find(
      (a) => a.type === 'conversationUpdate' && a.conversation?.id === conversationId,
    );
    expect(update).toMatchObject({
      channelId: 'directline',
      serviceUrl: 'https://chat.example.test',
      from: { id: userId },
      recipient: { id: 'livewell-bot' },
      membersAdded: [{ id: 'livewell-bot' }, { id: userId }],
    });

    const { status, json } = await call('GET', activitiesPath(conversationId, ''), {
      token: started.json.token,
    });
    expect(status).toBe(200);
    expect(json.activities).toHaveLength(1);
    expect(json.activities[0]).toMatchObject({
      type: 'message',
      text: 'hello',
      id: expect.any(String),
      from: { id: 'livewell-bot', name: 'LiveWell Dorset', role: 'bot' },
      conversation: { id: conversationId },
      recipient: { id: userId },
      replyToId: update?.id,
    });
    expect(new Date(json.activities[0].timestamp).toISOString()).toBe(START.toISOString());
    expect(json.watermark).toMatch(/^\d+$/);
    // No watermark at all reads from the start too.
    expect((await call('GET', activitiesPath(conversationId), { token: started.json.token })).json).toEqual(
      json,
    );
  });

  test('echoes a message and moves the watermark on', async () => {
    const { conversationId, token, userId } = await startConversation();
    const { json: greeting } = await call('GET', activitiesPath(conversationId, ''), { token });

    const posted = await call('POST', activitiesPath(conversationId), {
      token,
      body: { type: 'message', text: 'hi', locale: 'en-GB', channelData: { clientActivityID: 'client-1' } },
    });
    expect(posted.status).toBe(200);
    expect(posted.json).toEqual({ id: expect.any(String) });

    const { json: page } = await call('GET', activitiesPath(conversationId, greeting.watermark), { token });
    expect(page.activities).toEqual([
      expect.objectContaining({
        id: posted.json.id,
        type: 'message',
        text: 'hi',
        from: { id: userId, role: 'user' },
        channelData: { clientActivityID: 'client-1' },
        channelId: 'directline',
        timestamp: expect.any(String),
      }),
      expect.objectContaining({
        text: 'echo: hi',
        replyToId: posted.json.id,
        from: expect.objectContaining({ role: 'bot' }),
      }),
    ]);
    expect(BigInt(page.watermark)).toBeGreaterThan(BigInt(greeting.watermark));

    const { json: nothingNew } = await call('GET', activitiesPath(conversationId, page.watermark), { token });
    expect(nothingNew).toEqual({ activities: [], watermark: page.watermark });

    await call('POST', activitiesPath(conversationId), { token, body: { type: 'message', text: 'again' } });
    const { json: next } = await call('GET', activitiesPath(conversationId, page.watermark), { token });
    expect(next.activities.map((a: Json) => a.text)).toEqual(['again', 'echo: again']);
  });

  test('takes the sender from the token, never from the client', async () => {
    const { conversationId, token, userId } = await startConversation();
    const posted = await call('POST', activitiesPath(conversationId), {
      token,
      body: {
        type: 'message',
        text: 'who am I',
        from: { id: 'dl_someone-else', role: 'bot' },
        recipient: { id: 'elsewhere' },
        conversation: { id: 'another' },
        channelId: 'sms',
        serviceUrl: 'https://evil.example',
        id: 'chosen-id',
      },
    });
    expect(posted.status).toBe(200);
    expect(posted.json.id).not.toBe('chosen-id');
    const seen = turns.find((a) => a.text === 'who am I' && a.conversation?.id === conversationId);
    expect(seen).toMatchObject({
      from: { id: userId, role: 'user' },
      recipient: { id: 'livewell-bot' },
      conversation: { id: conversationId },
      channelId: 'directline',
      serviceUrl: 'https://chat.example.test',
      id: posted.json.id,
    });
    const { json } = await call('GET', activitiesPath(conversationId, ''), { token });
    const stored = json.activities.find((a: Json) => a.text === 'who am I');
    expect(stored.from).toEqual({ id: userId, role: 'user' });
  });

  test('accepts events and typing, and a message up to 5,000 characters', async () => {
    const { conversationId, token } = await startConversation();
    const post = (body: unknown) => call('POST', activitiesPath(conversationId), { token, body });
    expect((await post({ type: 'event', name: 'webchat/join', value: { language: 'en-GB' } })).status).toBe(
      200,
    );
    expect((await post({ type: 'typing' })).status).toBe(200);
    expect((await post({ type: 'message', value: { choice: 'yes' } })).status).toBe(200);
    expect((await post({ type: 'message', text: 'x'.repeat(5000) })).status).toBe(200);
  });

  test('refuses bad activities with 400', async () => {
    const { conversationId, token } = await startConversation();
    const post = (body: unknown, raw?: string) =>
      call('POST', activitiesPath(conversationId), { token, body, raw });
    for (const [body, raw] of [
      [undefined, '{"type":"message","text":'],
      [undefined, 'not json'],
      [undefined, ''],
      [{ type: 'message', text: 'x'.repeat(6000) }],
      [{ type: 'message' }],
      [{ type: 'message', text: 42 }],
      [{ type: 'conversationUpdate', membersAdded: [] }],
      [{ type: 'event' }],
      [{ text: 'no type' }],
      [['type', 'message']],
      [null],
    ] as [unknown, string?][]) {
      const answer = await post(body, raw);
      expect({ body, raw, status: answer.status }).toEqual({ body, raw, status: 400 });
      expect(answer.json.error).toEqual({ code: expect.any(String), message: expect.any(String) });
    }
    const { json } = await call('GET', activitiesPath(conversationId, ''), { token });
    expect(json.activities).toHaveLength(1); // only the greeting
  });

  test('refuses a body too large to be a chat message', async () => {
    const { conversationId, token } = await startConversation();
    const answer = await call('POST', activitiesPath(conversationId), {
      token,
      body: { type: 'message', text: 'hi', value: 'x'.repeat(100_000) },
    });
    expect(answer.status).toBe(413);
  });

  test('refuses watermarks that are not whole numbers', async () => {
    const { conversationId, token } = await startConversation();
    for (const watermark of ['abc', '-1', '1.5', '1e3', '%20', '12345678901234567890123', '1&watermark=2']) {
      const answer = await call('GET', activitiesPath(conversationId, watermark), { token });
      expect({ watermark, status: answer.status }).toEqual({ watermark, status: 400 });
      expect(answer.json.error.code).toEqual(expect.any(String));
    }
    const beyond = await call('GET', activitiesPath(conversationId, '999999999999'), { token });
    expect(beyond.status).toBe(200);
    expect(beyond.json.activities).toEqual([]);
  });

  test('a failing bot turn answers 502 and the message stays in the transcript', async () => {
    const { conversationId, token } = await startConversation();
    const answer = await call('POST', activitiesPath(conversationId), {
      token,
      body: { type: 'message', text: 'boom' },
    });
    expect(answer.status).toBe(502);
    expect(answer.json.error.code).toBe('BotError');
    const { json } = await call('GET', activitiesPath(conversationId, ''), { token });
    expect(json.activities.map((a: Json) => a.text)).toEqual(['hello', 'boom']);
  });

  test('starting again with a token for an existing conversation reconnects without a second greeting', async () => {
    const { json: generated } = await call('POST', '/v3/directline/tokens/generate', { token: SECRET });
    expect((await call('POST', '/v3/directline/conversations', { token: generated.token })).status).toBe(201);
    const again = await call('POST', '/v3/directline/conversations', { token: generated.token });
    expect(again.status).toBe(200);
    expect(again.json.conversationId).toBe(generated.conversationId);
    const { json } = await call('GET', activitiesPath(generated.conversationId, ''), {
      token: again.json.token,
    });
    expect(json.activities.map((a: Json) => a.text)).toEqual(['hello']);
  });

  test('GET /conversations/:id reconnects its own user, with a fresh conversation token', async () => {
    const { conversationId } = await startConversation();
    const started = await startConversation();
    // The resident's page token (no conversation in it) reopens the resident's own conversation.
    const { token: userToken, setCookie } = await webChatToken();
    const own = await call('POST', '/v3/directline/conversations', { token: userToken });
    const returning = await webChatToken(setCookie.split(';')[0]);
    const reconnect = await call(
      'GET',
      `/v3/directline/conversations/${own.json.conversationId}?watermark=`,
      {
        token: returning.token,
      },
    );
    expect(reconnect.status).toBe(200);
    expect(reconnect.json).toEqual({
      conversationId: own.json.conversationId,
      token: expect.any(String),
      expires_in: TTL_SECONDS,
    });
    expect(payloadOf(reconnect.json.token).conv).toBe(own.json.conversationId);
    // ...but not someone else's.
    expect(
      (await call('GET', `/v3/directline/conversations/${conversationId}`, { token: userToken })).status,
    ).toBe(403);
    expect(
      (await call('GET', `/v3/directline/conversations/${conversationId}`, { token: started.token })).status,
    ).toBe(403);
  });
});

describe('tokens on conversation routes', () => {
  test('an expired token is 403 TokenExpired everywhere', async () => {
    const { conversationId, token } = await startConversation();
    nowMs += TTL_SECONDS * 1000;
    for (const [method, path, body] of [
      ['GET', activitiesPath(conversationId, '')],
      ['POST', activitiesPath(conversationId), { type: 'message', text: 'late' }],
      ['GET', `/v3/directline/conversations/${conversationId}`],
      ['POST', '/v3/directline/tokens/refresh'],
      ['POST', '/v3/directline/conversations'],
    ] as [string, string, unknown?][]) {
      const answer = await call(method, path, { token, body });
      expect({ path, status: answer.status, code: answer.json.error?.code }).toEqual({
        path,
        status: 403,
        code: 'TokenExpired',
      });
    }
    nowMs -= 1000;
    expect((await call('GET', activitiesPath(conversationId, ''), { token })).status).toBe(200);
  });

  test('a token for conversation A cannot read or write conversation B', async () => {
    const a = await startConversation();
    const b = await startConversation();
    expect((await call('GET', activitiesPath(b.conversationId, ''), { token: a.token })).status).toBe(403);
    const write = await call('POST', activitiesPath(b.conversationId), {
      token: a.token,
      body: { type: 'message', text: 'not mine' },
    });
    expect(write.status).toBe(403);
    const { json } = await call('GET', activitiesPath(b.conversationId, ''), { token: b.token });
    expect(json.activities.map((x: Json) => x.text)).toEqual(['hello']);
    // Nor may another user's token with no conversation in it.
    const stranger = await webChatToken();
    expect((await call('GET', activitiesPath(b.conversationId, ''), { token: stranger.token })).status).toBe(
      403,
    );
  });

  test('an unknown conversation is 404', async () => {
    const { token } = await webChatToken();
    const unknown = await call('GET', activitiesPath('no-such-conversation', ''), { token });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toEqual(expect.any(String));
    expect(
      (await call('POST', activitiesPath('no-such-conversation'), { token, body: { type: 'typing' } }))
        .status,
    ).toBe(404);
    expect((await call('GET', activitiesPath('bad id!', ''), { token })).status).toBe(404);
    // A generated token names a conversation that nobody has started yet.
    const { json: generated } = await call('POST', '/v3/directline/tokens/generate', { token: SECRET });
    expect(
      (await call('GET', activitiesPath(generated.conversationId, ''), { token: generated.token })).status,
    ).toBe(404);
  });

  test('missing, malformed, forged and tampered tokens are refused with a JSON error', async () => {
    const { conversationId, token } = await startConversation();
    const [header, payload, signature] = token.split('.');
    const claims = payloadOf(token);
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 86400 })).toString(
      'base64url',
    );
    const path = activitiesPath(conversationId, '');

    const missing = await call('GET', path);
    expect(missing.status).toBe(401);
    expect(missing.json.error.code).toEqual(expect.any(String));
    for (const bad of [
      'garbage',
      `${header}.${payload}`,
      `${header}.${payload}.${signature}.x`,
      `${header}.${forgedPayload}.${signature}`,
      `${header}.${payload}.${signature.slice(0, -2)}`,
      issueToken(
        'another-secret-of-at-least-32-characters!',
        { user: claims.user, conv: conversationId },
        60,
        clock.now(),
      ),
      `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`,
      `${header}.${Buffer.from('not json').toString('base64url')}.${signature}`,
      SECRET,
    ]) {
      const answer = await call('GET', path, { token: bad });
      expect({ bad, status: answer.status }).toEqual({ bad, status: 403 });
      expect(answer.json.error).toEqual({ code: expect.any(String), message: expect.any(String) });
    }
    const notBearer = await call('GET', path, { headers: { Authorization: `Basic ${token}` } });
    expect(notBearer.status).toBe(403);
  });

  test('refresh gives a new token for the same conversation and user that outlives the old one', async () => {
    const { conversationId, token, userId } = await startConversation();
    nowMs += (TTL_SECONDS - 60) * 1000;
    const refreshed = await call('POST', '/v3/directline/tokens/refresh', { token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.json).toEqual({ token: expect.any(String), expires_in: TTL_SECONDS });
    expect(refreshed.json.token).not.toBe(token);
    expect(payloadOf(refreshed.json.token)).toMatchObject({ user: userId, conv: conversationId });

    nowMs += 120 * 1000;
    expect((await call('GET', activitiesPath(conversationId, ''), { token })).status).toBe(403);
    const later = await call('GET', activitiesPath(conversationId, ''), { token: refreshed.json.token });
    expect(later.status).toBe(200);
    expect(later.json.activities[0].text).toBe('hello');
  });
});

describe('DirectLineAdapter', () => {
  test('stores typing, skips delay and trace, and can start a proactive turn', async () => {
    const { conversationId, token, userId } = await startConversation();
    await call('POST', activitiesPath(conversationId), { token, body: { type: 'message', text: 'think' } });
    const { json } = await call('GET', activitiesPath(conversationId, ''), { token });
    expect(json.activities.map((a: Json) => [a.type, a.text])).toEqual([
      ['message', 'hello'],
      ['message', 'think'],
      ['typing', undefined],
      ['message', 'echo: think'],
    ]);

    const said = turns.find((a) => a.text === 'think' && a.conversation?.id === conversationId);
    const reference = TurnContext.getConversationReference(said!);
    nowMs += 90 * 24 * 60 * 60 * 1000;
    await adapter.continueConversation(reference, async (context) => {
      await context.sendActivity('Time for your check-in');
    });
    const { json: later } = await call('GET', activitiesPath(conversationId, json.watermark), {
      token: issueToken(SECRET, { user: userId, conv: conversationId }, 60, clock.now()),
    });
    expect(later.activities).toEqual([
      expect.objectContaining({
        text: 'Time for your check-in',
        from: { id: 'livewell-bot', name: 'LiveWell Dorset', role: 'bot' },
        recipient: expect.objectContaining({ id: userId }),
        timestamp: clock.now().toISOString(),
      }),
    ]);
  });

  test('does not offer edits or deletions', async () => {
    await expect(adapter.updateActivity()).rejects.toThrow(/not supported/);
    await expect(adapter.deleteActivity()).rejects.toThrow(/not supported/);
  });
});

test('runs each turn, greeting included, inside runTurn for its conversation', async () => {
  const store = new DirectLineStore(db.prisma, clock);
  const locked: string[] = [];
  let inside = false;
  const other = restify.createServer();
  registerDirectLine(other, {
    secret: SECRET,
    tokenTtlSeconds: TTL_SECONDS,
    transcriptRetentionMs: RETENTION_MS,
    publicBaseUrl: 'https://chat.example.test',
    clock,
    store,
    adapter: new DirectLineAdapter(store, clock),
    bot: async (context) => {
      if (!inside) throw new Error('turn ran outside runTurn');
      await echoBot(context);
    },
    runTurn: async (conversationId, fn) => {
      locked.push(conversationId);
      inside = true;
      try {
        await fn();
      } finally {
        inside = false;
      }
    },
    logger: { info: () => {}, warn: () => {}, error: () => {} },
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  const otherBase = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  try {
    const post = (path: string, token: string, body?: unknown) =>
      fetch(`${otherBase}${path}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const { token } = await webChatToken();
    const started = (await (await post('/v3/directline/conversations', token)).json()) as Json;
    const sent = await post(activitiesPath(started.conversationId), started.token, {
      type: 'message',
      text: 'hi',
    });
    expect(sent.status).toBe(200);
    expect(locked).toEqual([started.conversationId, started.conversationId]);
  } finally {
    await new Promise<void>((resolve) => other.close(() => resolve()));
  }
});

describe('retention', () => {
  test('purgeExpired deletes conversations older than the retention period, and only those', async () => {
    const old = await startConversation();
    await call('POST', activitiesPath(old.conversationId), {
      token: old.token,
      body: { type: 'message', text: 'hi' },
    });
    nowMs += RETENTION_MS - 60_000;
    const recent = await startConversation();
    nowMs += 120_000;

    expect(await purgeExpired()).toBeGreaterThanOrEqual(1);
    const { token } = await call('POST', '/v3/directline/tokens/refresh', { token: old.token }).then(
      (r) => r.json,
    );
    expect(token).toBeUndefined(); // the old token has long expired too
    const oldToken = issueToken(SECRET, { user: old.userId, conv: old.conversationId }, 60, clock.now());
    expect((await call('GET', activitiesPath(old.conversationId, ''), { token: oldToken })).status).toBe(404);
    expect(await db.prisma.directLineActivity.count({ where: { conversationId: old.conversationId } })).toBe(
      0,
    );

    const stillThere = await call('GET', activitiesPath(recent.conversationId, ''), { token: recent.token });
    expect(stillThere.status).toBe(200);
    expect(stillThere.json.activities).toHaveLength(1);
  });
});

test('the log never holds what residents wrote', async () => {
  const { conversationId, token } = await startConversation();
  await call('POST', activitiesPath(conversationId), {
    token,
    body: { type: 'message', text: 'my secret weight is 93kg' },
  });
  await call('POST', activitiesPath(conversationId), { token, body: { type: 'message', text: 'boom' } });
  expect(logs.some((line) => line.includes(conversationId))).toBe(true);
  expect(logs.join('\n')).not.toMatch(/93kg|the bot broke on/);
});
