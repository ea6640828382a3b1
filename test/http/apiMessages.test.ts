import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { aResident } from '../scheduler/builders';
import { startApp, type RunningApp } from '../support/app';

/** Plays the Bot Framework Emulator's side: the connector endpoint the bot replies to. */
async function connectorStub() {
  const replies: { path: string; body: Record<string, unknown> }[] = [];
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (d) => (data += d));
    req.on('end', () => {
      replies.push({ path: req.url ?? '', body: JSON.parse(data || '{}') });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ id: `reply-${replies.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    replies,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const activity = (serviceUrl: string, text: string) => ({
  type: 'message',
  id: 'act-1',
  channelId: 'emulator',
  serviceUrl,
  from: { id: 'emulator-user', name: 'User' },
  recipient: { id: 'bot', name: 'Bot' },
  conversation: { id: 'emulator-conv-1' },
  text,
  timestamp: new Date().toISOString(),
});

describe('/api/messages without an app id (Bot Framework Emulator)', () => {
  let app: RunningApp;
  let connector: Awaited<ReturnType<typeof connectorStub>>;
  beforeAll(async () => {
    app = await startApp();
    connector = await connectorStub();
  });
  afterAll(async () => {
    await connector.close();
    await app.stop();
  });

  test('a message runs the same conversation and the reply goes to the connector', async () => {
    const res = await fetch(`${app.base}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(activity(connector.url, 'hi')),
    });
    expect(res.status).toBe(200);
    const texts = connector.replies.map((r) => String(r.body.text));
    expect(texts.join('\n')).toContain('Are you new to LiveWell Dorset');
    expect(connector.replies[0].path).toContain('/v3/conversations/emulator-conv-1/activities');
  });

  test("a caller naming our SMS channel and a resident's number is a stranger, not that resident", async () => {
    const { phone } = await aResident(app.db.prisma, { firstName: 'Robin' });
    const before = connector.replies.length;
    const res = await fetch(`${app.base}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        ...activity(connector.url, 'hi'),
        channelId: 'sms',
        from: { id: phone },
        conversation: { id: `sms:${phone}` },
      }),
    });
    expect(res.status).toBe(200);
    const texts = connector.replies
      .slice(before)
      .map((r) => String(r.body.text))
      .join('\n');
    expect(texts).toContain('Are you new to LiveWell Dorset');
    expect(texts).not.toMatch(/Welcome back|Robin/);
  });

  test.each([
    ['not JSON', '{"type": "message",'],
    ['not an activity', JSON.stringify({ hello: 'world' })],
  ])('%s is refused with 400', async (_name, body) => {
    const res = await fetch(`${app.base}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
    });
    expect(res.status).toBe(400);
  });
});

describe('/api/messages with an app id (Azure Bot Service)', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp({
      env: {
        MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
        MicrosoftAppPassword: 'not-a-real-password',
        MicrosoftAppType: 'MultiTenant',
      },
    });
  });
  afterAll(() => app.stop());

  test('a request without a Bot Framework token is refused with 401 and runs no turn', async () => {
    const res = await fetch(`${app.base}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(activity('http://127.0.0.1:9', 'hi')),
    });
    expect(res.status).toBe(401);
    expect(await app.db.prisma.botState.count()).toBe(0);
  });
});
