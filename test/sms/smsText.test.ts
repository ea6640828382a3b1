import { ActionTypes, type Activity } from 'botbuilder';
import { keywordOf } from '../../src/channels/twilioSms';
import {
  MAX_MESSAGE_SEPTETS,
  isGsm7,
  messagesFromTexts,
  numberedChoices,
  renderActivity,
  segmentInfo,
  splitText,
  toGsm7,
  toSmsMessages,
  wordChoices,
} from '../../src/channels/smsText';
import { CONSENT_INTRO, CONSENT_STATEMENT_TEXT } from '../../src/domain/consentStatement';

describe('GSM-7', () => {
  const cases: [input: string, expected: string][] = [
    ['It\u2019s \u201Cfine\u201D', 'It\'s "fine"'],
    ['9am \u2013 6:30pm \u2014 weekdays', '9am - 6:30pm - weekdays'],
    ['Wait\u2026', 'Wait...'],
    ['\u2022 one\n\u2022 two', '- one\n- two'],
    ['Well done \u{1F44D}\u{1F3FD}!', 'Well done !'],
    ['Flags \u{1F1EC}\u{1F1E7} and family \u{1F468}\u200D\u{1F469}\u200D\u{1F467} go', 'Flags and family go'],
    ['Zo\u00EB Fran\u00E7oise', 'Zoe Francoise'],
    [
      'caf\u00E9 \u00C9mile M\u00FCller \u00E0 \u00F1 \u00C5',
      'caf\u00E9 \u00C9mile M\u00FCller \u00E0 \u00F1 \u00C5',
    ],
    ['\u00BD a pint', '1/2 a pint'],
    ['non\u00A0breaking\u2009spaces', 'non breaking spaces'],
    ['\u5F20\u4F1F', '??'],
    ['`back` ticks', "'back' ticks"],
    [
      '\u00A3 and \u20AC and [brackets] {braces} ~ ^ | \\',
      '\u00A3 and \u20AC and [brackets] {braces} ~ ^ | \\',
    ],
    ['line\r\nbreaks\rkept', 'line\nbreaks\nkept'],
  ];
  test.each(cases)('%j becomes %j', (input, expected) => {
    expect(toGsm7(input)).toBe(expected);
    expect(isGsm7(toGsm7(input))).toBe(true);
  });

  test('segments: 160 alone, 153 joined; one UCS-2 character makes it 70/67; extension characters cost two', () => {
    expect(segmentInfo('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(segmentInfo('a'.repeat(161)).segments).toBe(2);
    expect(segmentInfo('a'.repeat(306)).segments).toBe(2);
    expect(segmentInfo('a'.repeat(307)).segments).toBe(3);
    expect(segmentInfo('\u20AC'.repeat(80))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(segmentInfo(`${'a'.repeat(69)}\u2019`)).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(segmentInfo(`${'a'.repeat(70)}\u2019`).segments).toBe(2);
    expect(segmentInfo('\u{1F600}'.repeat(35)).units).toBe(70);
  });
});

describe('choices', () => {
  test('up to three short choices on one line, numbered in order', () => {
    expect(numberedChoices(['Yes', 'No'])).toBe('Reply 1 for Yes, 2 for No.');
    expect(wordChoices(['Prefer not to say', 'Same as last time'])).toBe(
      'You can also reply "Prefer not to say" or "Same as last time".',
    );
    expect(
      renderActivity({
        type: 'message',
        text: 'How many drinks?',
        channelData: { choicesAsWords: true },
        suggestedActions: {
          to: [],
          actions: [
            { type: 'imBack', title: 'Prefer not to say', value: 'Prefer not to say' },
            { type: 'imBack', title: 'Same as last time', value: 'Same as last time' },
          ],
        },
      }),
    ).toBe('How many drinks?\nYou can also reply "Prefer not to say" or "Same as last time".');
    expect(numberedChoices(["That's right", 'Change something'])).toBe(
      "Reply 1 for That's right, 2 for Change something.",
    );
  });

  test('more choices, or ones with commas, as a numbered list', () => {
    expect(numberedChoices(['Yes, I consent', "No, I don't consent"])).toBe(
      "Reply with a number:\n1. Yes, I consent\n2. No, I don't consent",
    );
    expect(numberedChoices(['A', 'B', 'C', 'D']).split('\n')).toEqual([
      'Reply with a number:',
      '1. A',
      '2. B',
      '3. C',
      '4. D',
    ]);
  });

  test('a single choice is offered by its words, since a number would answer the question itself', () => {
    expect(numberedChoices(['Prefer not to say'])).toBe('You can also reply "Prefer not to say".');
  });

  test('suggested actions and hero cards become text; typing, delays and events send nothing', () => {
    const question: Partial<Activity> = {
      type: 'message',
      text: 'Is this **right**?',
      suggestedActions: {
        to: [],
        actions: [
          { type: ActionTypes.ImBack, title: 'Yes', value: 'Yes' },
          { type: ActionTypes.ImBack, title: 'No', value: 'No' },
          { type: ActionTypes.OpenUrl, title: 'Our privacy notice', value: 'https://example.org/privacy' },
        ],
      },
    };
    expect(renderActivity(question)).toBe(
      'Is this right?\nReply 1 for Yes, 2 for No.\nOur privacy notice: https://example.org/privacy',
    );
    const card: Partial<Activity> = {
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.hero',
          content: {
            title: 'Your check-in',
            text: 'How are you getting on \u2014 honestly?',
            buttons: [
              { type: 'imBack', title: 'Well', value: 'Well' },
              { type: 'imBack', title: 'Not so well', value: 'Not so well' },
            ],
          },
        },
      ],
    };
    expect(renderActivity(card)).toBe(
      'Your check-in\n\nHow are you getting on - honestly?\nReply 1 for Well, 2 for Not so well.',
    );
    expect(renderActivity({ type: 'typing' })).toBeUndefined();
    expect(renderActivity({ type: 'delay', value: 1000 })).toBeUndefined();
    expect(renderActivity({ type: 'event', name: 'x' })).toBeUndefined();
    expect(renderActivity({ type: 'message', text: '\u{1F44B}' })).toBeUndefined();
  });
});

describe('joining and splitting', () => {
  test('the replies of one turn are joined into as few messages as fit, in order', () => {
    const messages = toSmsMessages([
      { type: 'message', text: 'Thank you. Now a few questions about you.' },
      { type: 'typing' },
      { type: 'message', text: 'What is your first name?' },
    ]);
    expect(messages).toEqual(['Thank you. Now a few questions about you.\n\nWhat is your first name?']);
  });

  test('the consent statement is split on sentence boundaries, at most 3 segments a message, nothing lost', () => {
    const messages = messagesFromTexts([CONSENT_STATEMENT_TEXT]);
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) {
      expect(segmentInfo(message).segments).toBeLessThanOrEqual(3);
      expect(message).toMatch(/[.:]$/); // ends with a whole sentence
    }
    const words = (t: string) => toGsm7(t).split(/\s+/).filter(Boolean);
    expect(messages.flatMap(words)).toEqual(words(CONSENT_STATEMENT_TEXT));
    // The first paragraph alone is too long for one message and is cut between sentences.
    const intro = splitText(CONSENT_INTRO);
    expect(intro.length).toBe(2);
    expect(intro.join(' ')).toBe(CONSENT_INTRO);
  });

  test('a text with no boundaries at all is still cut to fit', () => {
    const pieces = splitText('x'.repeat(1600));
    expect(pieces.map((p) => p.length)).toEqual([
      MAX_MESSAGE_SEPTETS,
      MAX_MESSAGE_SEPTETS,
      MAX_MESSAGE_SEPTETS,
      1600 - 3 * MAX_MESSAGE_SEPTETS,
    ]);
  });
});

describe('keywords', () => {
  test.each([
    ['STOP', 'stop'],
    ['stop', 'stop'],
    [' Stop. ', 'stop'],
    ['StopAll', 'stop'],
    ['unsubscribe', 'stop'],
    ['cancel', 'stop'],
    ['END', 'stop'],
    ['quit!', 'stop'],
    ['start', 'start'],
    ['UNSTOP', 'start'],
    ['help', 'help'],
    ['Info', 'help'],
  ])('%j is %s', (body, keyword) => expect(keywordOf(body)).toBe(keyword));

  test.each(['please stop', 'stop smoking', 'help me', 'start over', 'I want to quit', 'yes', ''])(
    '%j is not a keyword (only the whole message is)',
    (body) => expect(keywordOf(body)).toBeUndefined(),
  );
});
