import type { Request, Response, Next } from 'restify';
import type { Clock } from '../domain/clock';

/**
 * A token bucket per key (a client address): `perMinute` requests a minute on average, up to
 * `perMinute` at once. In memory, per instance: it keeps one client from making the server
 * write rows and run turns in a loop, not a substitute for limits at the edge.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly clock: Clock,
    private readonly maxKeys = 50_000,
  ) {}

  /** Takes one request's token; when none is left, says how many seconds until there is. */
  take(key: string): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const now = this.clock.now().getTime();
    const refillPerMs = this.perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * refillPerMs);
    bucket.at = now;
    this.buckets.delete(key); // re-insert: the Map's order is then least recently used first
    if (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value as string);
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.ceil((1 - bucket.tokens) / refillPerMs / 1000) };
  }
}

/** The client's address: the socket's, or with a trusted proxy the first X-Forwarded-For entry. */
export function clientAddress(req: Request, trustProxy: boolean): string {
  const forwarded = trustProxy
    ? String(req.headers['x-forwarded-for'] ?? '')
        .split(',')[0]
        .trim()
    : '';
  return forwarded || req.socket.remoteAddress || 'unknown';
}

/**
 * A `server.pre` handler limiting POSTs to `paths` per client address; over the limit: 429 with
 * Retry-After and a JSON error in Direct Line's shape.
 */
export function rateLimitPosts(paths: readonly string[], limiter: RateLimiter, trustProxy: boolean) {
  const limited = new Set(paths);
  return (req: Request, res: Response, next: Next) => {
    if (req.method !== 'POST' || !limited.has(req.path())) return next();
    const verdict = limiter.take(clientAddress(req, trustProxy));
    if (verdict.ok) return next();
    res.setHeader('Retry-After', String(verdict.retryAfterSeconds));
    res.json(429, {
      error: { code: 'TooManyRequests', message: 'Too many requests. Please wait a moment and try again.' },
    });
    return next(false);
  };
}
