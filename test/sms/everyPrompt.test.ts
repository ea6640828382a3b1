import { MAX_SEGMENTS_PER_MESSAGE, isGsm7, segmentInfo } from '../../src/channels/smsText';
import { SMS_REPLIES } from '../../src/channels/twilioSms';
import { smsSignUp, webChatSignUp } from '../fixtures/signUpConversations';
import { newPhone, useSmsApp, type SmsHarness } from './harness';

// Every text the bot sends, gathered from the dialogs' real outputs: the SMS and web sign-ups,
// their error paths and the channel's own answers, each played through the webhook.

let sms: SmsHarness;

useSmsApp((started) => ({ sms } = started));

const smsScript = smsSignUp.map(([says]) => says);
const webScript = webChatSignUp.map(([says]) => says);
const upTo = (script: string[], answer: string) => script.slice(0, script.indexOf(answer));

/** [path, what the resident texts, something the last replies must say (so the path is really taken)] */
const paths: [name: string, texts: string[], reached: RegExp][] = [
  ['the SMS sign-up', smsScript, /Thank you, Alex/],
  ['the web sign-up (a smoker, with email)', webScript, /Thank you, Sam/],
  ['a returning resident', ['Hi', '2'], /Welcome back/],
  ['declining consent', ['Hi', '1', 'no'], /Sorry, we can't continue/],
  ['help at every question', smsScript.flatMap((s) => ['help me', s]), /Thank you, Alex/],
  [
    'call me and start over',
    [...upTo(smsScript, 'Alex'), 'call me', 'start over'],
    /start again[\s\S]*Are you new/,
  ],
  [
    'three wrong answers',
    [...upTo(smsScript, '1 July 1975'), 'nope', 'still no', 'zzz'],
    /Your answers so far are kept/,
  ],
  ['under the minimum age', [...upTo(smsScript, '1 July 1975'), '01/01/2015'], /0800 840 1628/],
  ['outside Dorset', [...upTo(smsScript, 'DT1 1AA'), 'SW1A 1AA'], /Bournemouth, Poole and Dorset/],
  [
    'an implausible height and weight',
    [...upTo(smsScript, '70kg'), '300kg'],
    /height and weight again|don't look quite right/,
  ],
  ['a 1,600-character answer', [...upTo(smsScript, 'Alex'), 'x'.repeat(1600)], /long/],
  [
    'changing an answer at the summary',
    [...smsScript.slice(0, -1), '2', '9', '4', 'y'],
    /Active days last week: 4[\s\S]*Is this right/,
  ],
  [
    'the summary with every answer given',
    [...webScript.slice(0, -1), '2', '13', '2'],
    /What gets in the way: Health problems/,
  ],
  ['the carrier keywords', ['HELP', 'STOP', 'START'], /reply STOP/],
  ['an empty text', ['Hi', ''], /empty/],
];

test.each(paths)(
  '%s: every text is GSM-7, at most 3 segments, with choices numbered from 1',
  async (_name, texts, reached) => {
    const phone = newPhone();
    const replies: string[] = [];
    for (const text of texts) replies.push(...(await sms.text(phone, text)));
    expect(replies.slice(-3).join('\n')).toMatch(reached);

    for (const message of replies) {
      expect(isGsm7(message)).toBe(true);
      expect(segmentInfo(message).segments).toBeLessThanOrEqual(MAX_SEGMENTS_PER_MESSAGE);
      const inline = /Reply ((?:\d+ for [^,\n]+(?:, )?)+)\.$/m.exec(message);
      if (inline) {
        const numbers = [...inline[1].matchAll(/(\d+) for /g)].map((m) => Number(m[1]));
        expect(numbers).toEqual(numbers.map((_n, i) => i + 1));
      }
      const list = /Reply with a number:\n((?:.+\n?)+)$/.exec(message);
      if (list) {
        const numbers = list[1].split('\n').map((line) => Number(/^(\d+)\. \S/.exec(line)?.[1]));
        expect(numbers).toEqual(numbers.map((_n, i) => i + 1));
      }
    }
  },
);

test('the channel’s own answers fit in one segment each where they can, and never more than two', () => {
  for (const text of Object.values(SMS_REPLIES)) {
    expect(isGsm7(text)).toBe(true);
    expect(segmentInfo(text).segments).toBeLessThanOrEqual(2);
  }
});
