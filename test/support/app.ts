import { createApp, type App } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import { ManualClock } from '../../src/domain/clock';
import { memoryLogger } from '../../src/logger';
import { createTestDatabase, type TestDatabase } from './db';

export const TEST_DIRECT_LINE_SECRET = 'test-direct-line-secret-0123456789abcdef';

/** The whole application on a random port, over a database of its own, with a clock the test moves. */
export interface RunningApp {
  app: App;
  base: string;
  db: TestDatabase;
  clock: ManualClock;
  config: Config;
  logs: string[];
  stop(): Promise<void>;
}

export async function startApp(opts: { now?: Date; env?: Record<string, string> } = {}): Promise<RunningApp> {
  const db = await createTestDatabase();
  const clock = new ManualClock(opts.now ?? new Date('2026-12-02T10:30:00Z'));
  const config = loadConfig({
    DIRECT_LINE_SECRET: TEST_DIRECT_LINE_SECRET,
    DATABASE_URL: db.url,
    // Tests tick the scheduler themselves with their own clock.
    CHECKIN_SCHEDULER_ENABLED: 'false',
    ...opts.env,
  });
  const logger = memoryLogger();
  const app = createApp({ config, databaseUrl: db.url, prisma: db.prisma, clock, logger });
  const base = await app.listen(0, '127.0.0.1');
  return {
    app,
    base,
    db,
    clock,
    config,
    logs: logger.lines,
    async stop() {
      await app.close();
      await db.drop();
    },
  };
}

type Json = Record<string, unknown>;

/** A resident's Web Chat session against the built-in Direct Line, as the page makes it. */
export class DirectLineSession {
  private watermark = '';
  private constructor(
    private readonly base: string,
    readonly conversationId: string,
    private readonly token: string,
    readonly userId: string,
  ) {}

  /** The browser's cookie (send it back to be recognised as the same browser). */
  cookie = '';

  /** Opens the chat as the page does; pass a previous session's cookie to come back as the same browser. */
  static async start(base: string, cookie?: string): Promise<DirectLineSession> {
    const tokenRes = await fetch(`${base}/webchat/token`, {
      method: 'POST',
      headers: cookie ? { Cookie: cookie } : {},
    });
    const { token, userId } = (await tokenRes.json()) as { token: string; userId: string };
    const setCookie = (tokenRes.headers.get('set-cookie') ?? '').split(';')[0];
    const convRes = await fetch(`${base}/v3/directline/conversations`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
    });
    if (convRes.status !== 201) throw new Error(`conversation not started: ${convRes.status}`);
    const conv = (await convRes.json()) as { conversationId: string; token: string };
    const session = new DirectLineSession(base, conv.conversationId, conv.token, userId);
    session.cookie = setCookie;
    return session;
  }

  /** The bot's messages since the last call, as text (with [buttons]). */
  async botReplies(): Promise<string[]> {
    const res = await fetch(
      `${this.base}/v3/directline/conversations/${this.conversationId}/activities?watermark=${this.watermark}`,
      { headers: { Authorization: `Bearer ${this.token}` } },
    );
    const body = (await res.json()) as { activities: Json[]; watermark: string };
    this.watermark = body.watermark;
    return body.activities
      .filter((a) => (a.from as Json | undefined)?.role === 'bot' && a.type === 'message')
      .map((a) => {
        const actions = (a.suggestedActions as { actions: { title: string }[] } | undefined)?.actions;
        return `${a.text ?? ''}${actions ? ` [${actions.map((x) => x.title).join(' | ')}]` : ''}`;
      });
  }

  /** Sends a message and returns the bot's replies to it. */
  async say(text: string): Promise<string[]> {
    const res = await fetch(`${this.base}/v3/directline/conversations/${this.conversationId}/activities`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'message', text, from: { id: this.userId } }),
    });
    if (res.status !== 200) throw new Error(`message not accepted: ${res.status}`);
    return this.botReplies();
  }
}
