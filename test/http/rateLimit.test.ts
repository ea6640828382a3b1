import { startApp, type RunningApp } from '../support/app';

describe('starting chats is rate limited per client address', () => {
  let app: RunningApp;
  beforeAll(async () => (app = await startApp({ env: { RATE_LIMIT_PER_MINUTE: '5' } })));
  afterAll(() => app.stop());

  test('over the limit: 429 with Retry-After; a moment later it works again', async () => {
    const token = () => fetch(`${app.base}/webchat/token`, { method: 'POST' });
    for (let i = 0; i < 5; i++) expect((await token()).status).toBe(200);
    const refused = await token();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBe(12);
    expect(await refused.json()).toEqual({
      error: { code: 'TooManyRequests', message: expect.stringContaining('wait') },
    });
    // Conversations share the same budget; the chat page itself is not limited.
    expect((await fetch(`${app.base}/v3/directline/conversations`, { method: 'POST' })).status).toBe(429);
    expect((await fetch(`${app.base}/`)).status).toBe(200);

    app.clock.advance(12_000);
    expect((await token()).status).toBe(200);
    expect((await token()).status).toBe(429);
  });
});
