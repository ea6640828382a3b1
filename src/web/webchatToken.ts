import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import { issueToken, newDirectLineUserId } from '../channels/directLine';

/** What `registerWebChatToken` needs. */
export interface WebChatTokenOptions {
  /** The Direct Line secret: signs the tokens and (with a key of its own) the user cookie. */
  secret: string;
  tokenTtlSeconds: number;
  clock: { now(): Date };
  /** Adds `Secure` to the cookie; true whenever the site is served over HTTPS. */
  cookieSecure: boolean;
}

/** The cookie that keeps a browser's Web Chat user id between visits. */
export const USER_COOKIE = 'lw_uid';
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;
const USER_ID_PATTERN = /^dl_[A-Za-z0-9_-]{32}$/;

function cookieKey(secret: string): Buffer {
  // A key of its own, so a cookie signature can never pass as a token signature or the reverse.
  return createHmac('sha256', secret).update('livewell/webchat/user-cookie/v1').digest();
}

function cookieSignature(secret: string, userId: string): Buffer {
  return createHmac('sha256', cookieKey(secret)).update(userId).digest();
}

/** The cookie value for `userId`: the id and its signature. */
export function signUserCookie(secret: string, userId: string): string {
  return `${userId}.${cookieSignature(secret, userId).toString('base64url')}`;
}

/** The user id in a cookie value we signed, or `undefined` for anything else. */
export function readUserCookie(secret: string, value: string | undefined): string | undefined {
  if (!value) return undefined;
  const dot = value.lastIndexOf('.');
  const userId = value.slice(0, dot);
  const signature = value.slice(dot + 1);
  if (dot < 0 || !USER_ID_PATTERN.test(userId) || !/^[A-Za-z0-9_-]{43}$/.test(signature)) return undefined;
  // Compare the encoded text, not decoded bytes: the last of 43 base64url characters carries two
  // padding bits, so differently spelt signatures would decode to the same bytes.
  const given = Buffer.from(signature, 'utf8');
  const expected = Buffer.from(cookieSignature(secret, userId).toString('base64url'), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected) ? userId : undefined;
}

function cookieFrom(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * Adds `POST /webchat/token`: the chat page's way in. The browser is known by a random user id
 * the server issued and keeps in a signed HttpOnly cookie, so a page cannot pick (or guess)
 * another resident's id; the answer is a Direct Line token for that user and no conversation yet.
 */
export function registerWebChatToken(server: Server, options: WebChatTokenOptions): void {
  const { secret, tokenTtlSeconds, clock, cookieSecure } = options;

  server.post('/webchat/token', async (req: Request, res: Response) => {
    const userId = readUserCookie(secret, cookieFrom(req, USER_COOKIE)) ?? newDirectLineUserId();
    const cookie = [
      `${USER_COOKIE}=${signUserCookie(secret, userId)}`,
      `Max-Age=${ONE_YEAR_SECONDS}`,
      'Path=/',
      'HttpOnly',
      'SameSite=Strict',
      ...(cookieSecure ? ['Secure'] : []),
    ].join('; ');
    const body = JSON.stringify({
      token: issueToken(secret, { user: userId }, tokenTtlSeconds, clock.now()),
      expires_in: tokenTtlSeconds,
      userId,
    });
    res.writeHead(200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
      'Cache-Control': 'no-store',
      'Set-Cookie': cookie,
    });
    res.end(body);
  });
}
