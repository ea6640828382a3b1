import { z } from 'zod';

/** The refinement context zod hands to a `.transform`, used to report a resident-facing failure. */
export type AnswerContext = z.core.$RefinementCtx<string>;

/**
 * Records a failure the resident will read, and (for the dialogs) an optional machine-readable reason.
 * Always returns `z.NEVER` so a transform can `return fail(...)`.
 */
export function fail(ctx: AnswerContext, message: string, reason?: string): never {
  ctx.addIssue({ code: 'custom', message, ...(reason ? { params: { reason } } : {}) });
  return z.NEVER;
}

/** Unicode-normalises, straightens curly quotes, collapses runs of whitespace and trims. */
export function tidy(input: string): string {
  return input
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u201B\u2032\u00B4`]/g, "'")
    .replace(/[\u201C\u201D\u201F\u2033]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Lower-case words only, for matching what a resident typed against known answers: drops accents,
 * apostrophes (so "don't" and "dont" match), punctuation and emoji, and single-spaces the rest.
 */
export function simplify(input: string): string {
  return tidy(input)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/'/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const UNITS: Record<string, number> = {
  zero: 0,
  nought: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

const NUMBER_WORDS = new RegExp(
  `\\b(?:(${Object.keys(TENS).join('|')})(?:[ -](${Object.keys(UNITS).slice(2, 11).join('|')}))?|(${Object.keys(UNITS).join('|')}))\\b`,
  'g',
);

/**
 * Replaces English number words up to ninety-nine ("three", "twenty five", "twenty-five") and
 * "a hundred"/"one hundred" with digits, leaving everything else alone. Expects lower-case text.
 */
export function numberWordsToDigits(text: string): string {
  return text
    .replace(/\b(?:a|one) hundred\b/g, '100')
    .replace(NUMBER_WORDS, (_whole: string, tens?: string, unit?: string, single?: string) =>
      tens !== undefined
        ? String(TENS[tens] + (unit !== undefined ? UNITS[unit] : 0))
        : String(UNITS[single ?? '']),
    );
}

/** Rounds to one decimal place, the precision we store and show measurements at. */
export function roundTo1dp(value: number): number {
  return Math.round((value + Number.EPSILON) * 10) / 10;
}

/** "1 day", "3 days": a count with its word. */
export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
