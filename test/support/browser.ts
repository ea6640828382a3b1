import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Where tests leave screenshots (git-ignored). */
export const ARTIFACTS_DIR = path.resolve(__dirname, '..', 'artifacts');

/** Debian's Chromium, run as root with no network: never let a tool fetch a browser of its own. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Starts headless Chromium with the flags that keep it off the (closed) network. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** Web Chat's message bubbles that are not the resident's own. */
export const BOT_BUBBLE = '.webchat__bubble:not(.webchat__bubble--from-user)';

/** Waits until a message from the bot containing `text` is shown in Web Chat's transcript. */
export async function waitForBotText(page: Page, text: string, timeoutMs = 15_000): Promise<void> {
  await page
    .locator(BOT_BUBBLE)
    .filter({ hasText: text })
    .first()
    .waitFor({ state: 'visible', timeout: timeoutMs });
}

/** Web Chat's send box (the text field residents type into). */
export function sendBox(page: Page) {
  return page.locator('[data-id="webchat-sendbox-input"]');
}

/** Types `text` into Web Chat's send box and presses Enter, as a resident would. */
export async function say(page: Page, text: string): Promise<void> {
  const box = sendBox(page);
  await box.click();
  await box.fill(text);
  await box.press('Enter');
}

/** What a page did that a test should fail on: console errors, uncaught errors, requests elsewhere. */
export interface PageWatch {
  consoleErrors: string[];
  offsiteRequests: string[];
}

/**
 * Records the page's console errors (CSP violations among them) and uncaught exceptions, and
 * refuses any request that is not to `origin` (or an in-page `data:`/`blob:` URL), recording it.
 */
export async function watchPage(page: Page, origin: string): Promise<PageWatch> {
  const watch: PageWatch = { consoleErrors: [], offsiteRequests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') watch.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => watch.consoleErrors.push(`uncaught: ${error.message}`));
  await page.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`) || url.startsWith('data:') || url.startsWith('blob:')) {
      await route.continue();
    } else {
      watch.offsiteRequests.push(url);
      await route.abort('blockedbyclient');
    }
  });
  return watch;
}

/** Saves a full-page screenshot as test/artifacts/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
