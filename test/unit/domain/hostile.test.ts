import type { z } from 'zod';
import {
  activeDaysAnswer,
  addressLineAnswer,
  barrierAnswer,
  cigarettesPerDayAnswer,
  dateOfBirthAnswer,
  drinksPerWeekAnswer,
  ethnicGroupAnswer,
  ethnicityAnswer,
  ETHNIC_GROUPS,
  firstNameAnswer,
  goalsAnswer,
  heightAnswer,
  lastNameAnswer,
  optionalEmailAnswer,
  optionalUkPhoneAnswer,
  parseAnswer,
  postcodeAnswer,
  smokingStatusAnswer,
  ukPhoneNumber,
  weightAnswer,
} from '../../../src/domain';

// Every parser a dialog uses, with the words its messages must give as an example.
const PARSERS: [string, z.ZodType<unknown, string>, RegExp][] = [
  ['firstNameAnswer', firstNameAnswer, /like Sam$/],
  ['lastNameAnswer', lastNameAnswer, /like Smith$/],
  ['dateOfBirthAnswer', dateOfBirthAnswer({ today: '2026-12-03', minimumAge: 16 }), /like 12\/03\/1980$/],
  ['postcodeAnswer', postcodeAnswer({ serviceAreas: ['BH', 'DT'] }), /like BH1 1AA$/],
  ['addressLineAnswer', addressLineAnswer, /like 12 High Street$/],
  ['optionalEmailAnswer', optionalEmailAnswer, /like name@example\.com/],
  ['optionalUkPhoneAnswer', optionalUkPhoneAnswer, /like 07700 900123/],
  ['ukPhoneNumber', ukPhoneNumber, /like 07700 900123/],
  ['ethnicGroupAnswer', ethnicGroupAnswer(), /like 4 for White/],
  ...ETHNIC_GROUPS.filter((g) => g.categories.length > 0).map(
    (g): [string, z.ZodType<unknown, string>, RegExp] => [
      `ethnicityAnswer(${g.id})`,
      ethnicityAnswer(g.id),
      /like 1 for /,
    ],
  ),
  ['heightAnswer', heightAnswer, /like 170cm or 5ft 7in$/],
  ['weightAnswer', weightAnswer, /like 80kg or 12st 6lb$/],
  ['activeDaysAnswer', activeDaysAnswer, /from 0 to 7, like 3$/],
  ['smokingStatusAnswer', smokingStatusAnswer, /like 1 for "I have never smoked"$/],
  ['cigarettesPerDayAnswer', cigarettesPerDayAnswer, /like 10$/],
  ['drinksPerWeekAnswer', drinksPerWeekAnswer, /like 10, or 0 if you do not drink/],
  ['goalsAnswer', goalsAnswer, /like 1 and 3/],
  ['barrierAnswer', barrierAnswer, /like 3 for "I don't have the time"$/],
];

const HOSTILE: [string, string][] = [
  ['empty', ''],
  ['whitespace', ' \t\n '],
  ['emoji', '😀🎉'],
  ['SQL', "'; DROP TABLE residents;--"],
  ['HTML', '<script>alert(1)</script>'],
  ['control characters', '\u0000\u0007\u001b[2J'],
  ['zero-width space', '\u200b'],
  ['right-to-left override', '\u202e321'],
  ['JSON', '{"__proto__": {"admin": true}}'],
  ['template', '${process.exit(1)}'],
];

const LONG: [string, string][] = [
  ['5,000 letters', 'a'.repeat(5000)],
  ['5,000 digits', '9'.repeat(5000)],
  ['1,000 words', 'never mind '.repeat(1000)],
  ['5,000 emoji', '😀'.repeat(2500)],
];

describe.each(PARSERS)('%s', (_name, schema, example) => {
  test.each(HOSTILE)('refuses %s input with a message that gives an example', (_kind, input) => {
    const result = parseAnswer(schema, input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toMatch(example);
    expect(result.message).not.toMatch(/invalid|error|undefined|null|NaN|\[object/i);
  });

  test.each(LONG)('refuses %s before parsing, and the schema alone refuses it too', (_kind, input) => {
    const result = parseAnswer(schema, input);
    expect(result).toEqual({
      ok: false,
      message: expect.stringMatching(
        new RegExp(`^That's a bit long for this question\\. .*${example.source}`),
      ),
      reason: 'too_long',
    });
    expect(() => schema.safeParse(input)).not.toThrow();
    expect(schema.safeParse(input).success).toBe(false);
  });

  test('never throws on odd values handed straight to the schema', () => {
    for (const input of [undefined, null, 42, {}, [], Symbol('x')]) {
      expect(() => schema.safeParse(input as unknown as string)).not.toThrow();
      expect(parseAnswer(schema, input).ok).toBe(false);
    }
  });
});
