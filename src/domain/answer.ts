import type { z } from 'zod';

/** The outcome of reading one answer: the parsed value, or the words to show the resident. */
export type AnswerResult<T> = { ok: true; value: T } | { ok: false; message: string; reason?: string };

/** Longest answer we read. Nothing we ask needs more, and it keeps pasted essays out of the parsers. */
export const MAX_ANSWER_LENGTH = 500;

const TOO_LONG = "That's a bit long for this question.";
const NOT_TEXT =
  'Sorry, we could not read that. Please reply with a short message, like the examples in the question.';

/**
 * Reads a resident's answer with the schema for that question.
 *
 * Trims the input first. Input that is not a string, or is longer than {@link MAX_ANSWER_LENGTH}
 * characters, fails before the schema runs. On failure the message is the first issue's message
 * (written for the resident) and `reason` is the `params.reason` of a custom issue, when it has one.
 * Never throws.
 */
export function parseAnswer<T>(schema: z.ZodType<T, string>, input: unknown): AnswerResult<T> {
  if (typeof input !== 'string') return { ok: false, message: NOT_TEXT, reason: 'not_text' };
  const answer = input.trim();
  if (answer.length > MAX_ANSWER_LENGTH) {
    return { ok: false, message: `${TOO_LONG} ${exampleFor(schema)}`, reason: 'too_long' };
  }
  const result = safeParse(schema, answer);
  if (result === undefined) return { ok: false, message: NOT_TEXT };
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const reason = issue?.code === 'custom' ? issue.params?.reason : undefined;
  return {
    ok: false,
    message: issue?.message ?? NOT_TEXT,
    ...(typeof reason === 'string' ? { reason } : {}),
  };
}

// A schema's answer to an empty reply is its plain "Enter your ..., like ..." prompt, which is
// the most useful thing to say after "too long".
function exampleFor(schema: z.ZodType<unknown, string>): string {
  const result = safeParse(schema, '');
  const message = result && !result.success ? result.error.issues[0]?.message : undefined;
  return message ?? 'Please reply with a short answer, like the examples in the question.';
}

// Our schemas never throw, but a dialog may hand in any schema: a bug there should cost the
// resident one retry, not the conversation.
function safeParse<T>(schema: z.ZodType<T, string>, input: string): z.ZodSafeParseResult<T> | undefined {
  try {
    return schema.safeParse(input);
  } catch {
    return undefined;
  }
}
