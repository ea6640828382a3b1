import type { Browser, Page } from 'playwright-core';
import { startApp, type RunningApp } from '../support/app';
import { launchBrowser, say, screenshot, waitForBotText, watchPage } from '../support/browser';

let app: RunningApp;
let browser: Browser;
beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app.stop();
});

/** Clicks the suggested-action button a resident would, once Web Chat shows it. */
async function click(page: Page, label: string) {
  const button = page.getByRole('button', { name: label, exact: true }).last();
  await button.waitFor({ state: 'visible', timeout: 15_000 });
  await button.click();
}

test('a resident signs up on the chat page by clicking buttons and typing answers', async () => {
  const context = await browser.newContext({ viewport: { width: 420, height: 900 }, locale: 'en-GB' });
  const page = await context.newPage();
  const watch = await watchPage(page, app.base);
  await page.goto(`${app.base}/`);

  try {
    await signUpOnPage(page);
  } catch (error) {
    await screenshot(page, 'sign-up-failed');
    throw error;
  }
  await screenshot(page, 'sign-up-finished');

  expect(watch.consoleErrors).toEqual([]);
  expect(watch.offsiteRequests).toEqual([]);
  const resident = await app.db.prisma.resident.findFirstOrThrow({
    include: { assessments: true, checkIns: true },
  });
  expect(resident).toMatchObject({
    firstName: 'Sam',
    ethnicity: expect.stringContaining('IRISH'),
    phone: null,
    goals: ['MOVE_MORE'],
  });
  expect(resident.assessments[0]).toMatchObject({
    kind: 'BASELINE',
    bmi: 25.2,
    activeDays: 4,
    smokingStatus: 'FORMER',
  });
  expect(resident.checkIns).toHaveLength(3);
  await context.close();
}, 120_000);

/** The whole sign-up as a resident does it: buttons where offered, typing elsewhere. */
async function signUpOnPage(page: Page) {
  await waitForBotText(page, 'Are you new to LiveWell Dorset');
  await click(page, "I'm new");
  await waitForBotText(page, 'Do you consent');
  await click(page, 'Yes, I consent');

  const typed: [string, string][] = [
    ['What is your first name?', 'Sam'],
    ['And your last name?', 'Smith'],
    ['What is your date of birth?', '12 March 1980'],
    ['What is your postcode?', 'bh1 1aa'],
    ['first line of your address', '12 High Street'],
  ];
  for (const [question, answer] of typed) {
    await waitForBotText(page, question);
    await say(page, answer);
  }
  await waitForBotText(page, 'Which of these best describes you?');
  await click(page, 'White');
  await waitForBotText(page, 'best describes your background');
  await click(page, 'Irish');
  await waitForBotText(page, 'What is your email address?');
  await say(page, 'sam@example.com');
  await waitForBotText(page, 'What is your phone number?');
  await say(page, 'skip');
  await waitForBotText(page, 'How tall are you?');
  await say(page, '5 foot 10 inches');
  await waitForBotText(page, 'How much do you weigh?');
  await say(page, '12 stone 8');
  await waitForBotText(page, 'Your BMI is 25.2');
  await say(page, '4');
  await waitForBotText(page, 'Do you smoke?');
  await click(page, 'I used to smoke');
  await waitForBotText(page, 'How many alcoholic drinks');
  await say(page, '3');
  await waitForBotText(page, 'What would you like help with?');
  await click(page, 'Move more');
  await waitForBotText(page, 'What do you think gets in the way most');
  await click(page, "I don't have the time");
  await waitForBotText(page, 'Is this right?');
  await click(page, "That's right");
  await waitForBotText(page, 'now signed up to LiveWell Dorset');
}
