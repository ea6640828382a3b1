import { z } from 'zod';
import { MAX_ANSWER_LENGTH, parseAnswer, postcodeAnswer } from '../../../src/domain';

const postcode = postcodeAnswer({ serviceAreas: ['BH', 'DT'] });

describe('parseAnswer', () => {
  test('returns the parsed value of a trimmed answer', () => {
    expect(parseAnswer(postcode, '  bh1 1aa \n')).toEqual({ ok: true, value: 'BH1 1AA' });
  });

  test("returns the first issue's message and its reason", () => {
    expect(parseAnswer(postcode, 'SW1A 2AA')).toEqual({
      ok: false,
      message: expect.stringContaining('LiveWell Dorset covers Bournemouth, Poole and Dorset'),
      reason: 'outside_service_area',
    });
  });

  test('leaves reason out when the issue has none', () => {
    const result = parseAnswer(postcode, 'hello');
    expect(result).toEqual({ ok: false, message: 'Enter your full postcode, like BH1 1AA' });
    expect(result).not.toHaveProperty('reason');
  });

  test.each([
    ['one character over the limit', 'B'.repeat(MAX_ANSWER_LENGTH + 1)],
    ['5,000 characters', 'x'.repeat(5000)],
  ])('fails %s before the schema runs, with the question example', (_name, input) => {
    const schema = { safeParse: jest.fn(postcode.safeParse.bind(postcode)) } as unknown as typeof postcode;
    const result = parseAnswer(schema, input);
    expect(result).toEqual({
      ok: false,
      message: "That's a bit long for this question. Enter your full postcode, like BH1 1AA",
      reason: 'too_long',
    });
    // Only the empty answer is parsed, to find the question's example.
    expect((schema.safeParse as jest.Mock).mock.calls).toEqual([['']]);
  });

  test('an answer of exactly the limit reaches the schema', () => {
    expect(parseAnswer(postcode, ' '.repeat(10) + 'B'.repeat(MAX_ANSWER_LENGTH))).toEqual({
      ok: false,
      message: 'Enter your full postcode, like BH1 1AA',
    });
  });

  test.each([[undefined], [null], [42], [{}], [['BH1 1AA']]])('fails input that is not text: %p', (input) => {
    const result = parseAnswer(postcode, input);
    expect(result.ok).toBe(false);
    expect(result).toMatchObject({ reason: 'not_text', message: expect.stringMatching(/like/) });
  });

  test('a schema that throws costs one retry, not the conversation', () => {
    const broken = z.string().transform((): string => {
      throw new Error('bug');
    });
    expect(parseAnswer(broken, 'anything')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/like/),
    });
  });

  test('passes reason through from a custom issue', () => {
    const schema = z.string().transform((_s, ctx) => {
      ctx.addIssue({
        code: 'custom',
        message: 'Enter a colour, like blue',
        params: { reason: 'not_a_colour' },
      });
      return z.NEVER;
    });
    expect(parseAnswer(schema, 'x')).toEqual({
      ok: false,
      message: 'Enter a colour, like blue',
      reason: 'not_a_colour',
    });
  });
});
