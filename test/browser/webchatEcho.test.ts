import type { AddressInfo } from 'node:net';
import type { TurnContext } from 'botbuilder';
import type { Browser } from 'playwright-core';
import restify from 'restify';
import { DirectLineAdapter, registerDirectLine } from '../../src/channels/directLine';
import { DirectLineStore } from '../../src/db/directLineStore';
import { registerChatPage } from '../../src/web/staticPages';
import { registerWebChatToken } from '../../src/web/webchatToken';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { BOT_BUBBLE, launchBrowser, say, screenshot, waitForBotText, watchPage } from '../support/browser';

const SECRET = 'browser-test-direct-line-secret-0123456789';

let db: TestDatabase;
let server: restify.Server;
let origin: string;
let browser: Browser;

async function echoBot(context: TurnContext): Promise<void> {
  if (context.activity.type === 'message') await context.sendActivity(`echo: ${context.activity.text}`);
  if (context.activity.type === 'conversationUpdate') {
    await context.sendActivity('Hello, I am the LiveWell Dorset assistant.');
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  const clock = { now: () => new Date() };
  const store = new DirectLineStore(db.prisma, clock);
  const quiet = { info: () => {}, warn: () => {}, error: () => {} };
  server = restify.createServer();
  registerDirectLine(server, {
    secret: SECRET,
    tokenTtlSeconds: 1800,
    transcriptRetentionMs: 24 * 60 * 60 * 1000,
    publicBaseUrl: 'http://127.0.0.1',
    clock,
    store,
    adapter: new DirectLineAdapter(store, clock),
    bot: echoBot,
    logger: quiet,
  });
  registerWebChatToken(server, { secret: SECRET, tokenTtlSeconds: 1800, clock, cookieSecure: false });
  registerChatPage(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await db.drop();
});

test('a resident says hi in Web Chat on our page and the bot echoes it', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB' });
  const page = await context.newPage();
  const watch = await watchPage(page, origin);
  const requests: string[] = [];
  page.on('request', (request) => requests.push(`${request.method()} ${request.url()}`));

  const response = await page.goto(`${origin}/`);
  expect(response?.status()).toBe(200);
  const csp = response?.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self';");
  expect(csp).toContain("connect-src 'self'");
  expect(csp).not.toContain('unsafe-eval');
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
    'Chat with LiveWell Dorset',
  );
  await expect(page.locator('main').textContent()).resolves.toContain('freephone');
  expect(await page.getByRole('region', { name: 'Chat with LiveWell Dorset' }).count()).toBe(1);

  await waitForBotText(page, 'Hello, I am the LiveWell Dorset assistant.');
  await say(page, 'hi');
  await waitForBotText(page, 'echo: hi');

  // The resident's own message is shown as theirs (Web Chat took the user id from the token).
  await page.locator('.webchat__bubble--from-user').filter({ hasText: 'hi' }).first().waitFor();
  expect(await page.locator(BOT_BUBBLE).filter({ hasText: /^hi$/ }).count()).toBe(0);

  await screenshot(page, 'webchat-echo');
  expect(watch.consoleErrors).toEqual([]);
  expect(watch.offsiteRequests).toEqual([]);
  expect(requests).toEqual(
    expect.arrayContaining([
      `POST ${origin}/webchat/token`,
      `POST ${origin}/v3/directline/conversations`,
      expect.stringMatching(/^POST .*\/v3\/directline\/conversations\/[^/]+\/activities$/),
    ]),
  );
  await context.close();
});

test('the page fits a 320px-wide screen', async () => {
  const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
  const page = await context.newPage();
  const watch = await watchPage(page, origin);
  await page.goto(`${origin}/`);
  await waitForBotText(page, 'Hello, I am the LiveWell Dorset assistant.');
  await say(page, 'I would like to move more, please');
  await waitForBotText(page, 'echo: I would like to move more, please');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await screenshot(page, 'webchat-320');
  expect(watch.consoleErrors).toEqual([]);
  await context.close();
});

test('the Web Chat bundle is served from here with a long cache lifetime', async () => {
  const html = await (await fetch(`${origin}/`)).text();
  const src = /<script src="(\/webchat\/webchat\.js\?v=[^"]+)"/.exec(html)?.[1];
  expect(src).toMatch(/\?v=4\.18\.1$/);
  expect(html).not.toMatch(/https?:\/\//);
  const bundle = await fetch(`${origin}${src}`);
  expect(bundle.status).toBe(200);
  expect(bundle.headers.get('cache-control')).toContain('max-age=31536000');
  expect(bundle.headers.get('content-type')).toMatch(/javascript/);
  expect((await bundle.arrayBuffer()).byteLength).toBeGreaterThan(1_000_000);
});
