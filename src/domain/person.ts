import { parsePhoneNumberFromString, type NumberType } from 'libphonenumber-js/max';
import { DateTime } from 'luxon';
import { parse as parsePostcode, fix as fixPostcode, validOutcode } from 'postcode';
import { z } from 'zod';
import { editDistance, matchChoiceText, type ChoiceOption } from './choices';
import { ageOn, parseIsoDate } from './dates';
import { fail, tidy, type AnswerContext } from './text';

// ---------------------------------------------------------------- names

const NAME_MAX_LENGTH = 50;
// Letters in any script (with their accents), spaces, hyphens and apostrophes.
const NAME_CHARACTERS = /^[\p{L}\p{M}' -]+$/u;

function nameAnswer(which: 'first' | 'last', example: string): z.ZodType<string, string> {
  const ask = `Enter your ${which} name, like ${example}`;
  return z.string().transform((raw, ctx) => {
    const name = tidy(raw).replace(/ ?- ?/g, '-');
    if (!/\p{L}/u.test(name)) {
      return name.length === 0 || NAME_CHARACTERS.test(name)
        ? fail(ctx, ask)
        : fail(ctx, `Your ${which} name can only include letters, spaces, hyphens and apostrophes. ${ask}`);
    }
    if (name.length > NAME_MAX_LENGTH) {
      return fail(ctx, `Your ${which} name must be ${NAME_MAX_LENGTH} characters or fewer. ${ask}`);
    }
    if (!NAME_CHARACTERS.test(name)) {
      return fail(
        ctx,
        `Your ${which} name can only include letters, spaces, hyphens and apostrophes. ${ask}`,
      );
    }
    return name;
  });
}

/** A first name: 1 to 50 letters (any script), spaces, hyphens or apostrophes, with spacing tidied. */
export const firstNameAnswer: z.ZodType<string, string> = nameAnswer('first', 'Sam');
/** A last name, with the same rules as {@link firstNameAnswer}. */
export const lastNameAnswer: z.ZodType<string, string> = nameAnswer('last', 'Smith');

// ---------------------------------------------------------------- date of birth

const DOB_EXAMPLE = 'like 12/03/1980';
const DOB_ASK = `Enter your date of birth as day, month and year, ${DOB_EXAMPLE}`;
const OLDEST_AGE = 120;
// A two-digit year is read as the century that makes the resident 0 to 110 years old.
const TWO_DIGIT_YEAR_MAX_AGE = 110;

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

function monthNumber(word: string): number | undefined {
  if (word === 'sept') return 9;
  const exact = MONTHS.findIndex((name) => name === word || (word.length === 3 && name.startsWith(word)));
  if (exact >= 0) return exact + 1;
  // Forgive one slip in a long month name ("febuary", "setpember").
  const close = MONTHS.filter((name) => word.length >= 5 && editDistance(word, name, 1) <= 1);
  return close.length === 1 ? MONTHS.indexOf(close[0]) + 1 : undefined;
}

interface DayMonthYear {
  day: number;
  month: number;
  year: string;
}

/** Splits a typed date into day, month and year, always reading numbers day first (UK style). */
function readDate(raw: string): DayMonthYear | undefined {
  const text = tidy(raw)
    .toLowerCase()
    .replace(/\b(\d{1,2})(?:st|nd|rd|th)\b/g, '$1')
    .replace(/\b(?:born|on|the|of)\b/g, ' ')
    .replace(/\s*,\s*/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text);
  if (m) return { day: Number(m[3]), month: Number(m[2]), year: m[1] };
  m = /^(\d{1,2}) ?[-/. ] ?(\d{1,2}) ?[-/. ] ?(\d{4}|\d{2})$/.exec(text);
  if (m) return { day: Number(m[1]), month: Number(m[2]), year: m[3] };
  m = /^(\d{2})(\d{2})(\d{4}|\d{2})$/.exec(text);
  if (m) return { day: Number(m[1]), month: Number(m[2]), year: m[3] };
  const words = text.replace(/[-/.]/g, ' ').replace(/\s+/g, ' ');
  m = /^(\d{1,2}) ([a-z]+) (\d{4}|\d{2})$/.exec(words);
  if (m) {
    const month = monthNumber(m[2]);
    return month ? { day: Number(m[1]), month, year: m[3] } : undefined;
  }
  m = /^([a-z]+) (\d{1,2}) (\d{4}|\d{2})$/.exec(words);
  if (m) {
    const month = monthNumber(m[1]);
    return month ? { day: Number(m[2]), month, year: m[3] } : undefined;
  }
  return undefined;
}

function isoDate(year: number, month: number, day: number): string | undefined {
  const date = DateTime.fromObject({ year, month, day }, { zone: 'UTC' });
  return date.isValid ? (date.toISODate() ?? undefined) : undefined;
}

/** Picks the century for a two-digit year that makes the resident 0 to 110 years old today. */
function fullYear(date: DayMonthYear, today: string): number {
  if (date.year.length === 4) return Number(date.year);
  const twoDigits = Number(date.year);
  const thisCentury = Math.floor(Number(today.slice(0, 4)) / 100) * 100;
  for (const century of [thisCentury, thisCentury - 100, thisCentury - 200]) {
    const iso = isoDate(century + twoDigits, date.month, date.day);
    if (iso && iso <= today && ageOn(iso, today) <= TWO_DIGIT_YEAR_MAX_AGE) return century + twoDigits;
  }
  return thisCentury + twoDigits;
}

/**
 * A date of birth, returned as 'YYYY-MM-DD'. Reads 12/03/1980, 12-3-80, 12.03.1980, 1980-03-12,
 * 12 March 1980, 12th Mar 1980 and March 12 1980; numbers are always day first. A two-digit year
 * is the century that makes the resident 0 to 110 years old. Rejects dates that do not exist,
 * dates in the future and ages over 120. Someone younger than `minimumAge` gets a kind message
 * and reason 'under_minimum_age' (the dialog adds how to contact the service).
 *
 * @param opts.today the current date in Europe/London, 'YYYY-MM-DD' (see `londonDate`)
 */
export function dateOfBirthAnswer(opts: { today: string; minimumAge: number }): z.ZodType<string, string> {
  const { today, minimumAge } = opts;
  if (!parseIsoDate(today)) throw new RangeError('dateOfBirthAnswer needs today as YYYY-MM-DD');
  return z.string().transform((raw, ctx) => {
    const typed = raw.length <= 60 ? readDate(raw) : undefined;
    if (!typed) return fail(ctx, DOB_ASK);
    const year = fullYear(typed, today);
    const iso = typed.month >= 1 && typed.month <= 12 ? isoDate(year, typed.month, typed.day) : undefined;
    if (!iso || year < 1000) {
      return fail(
        ctx,
        `That date does not exist. Check the day and month, and enter your date of birth ${DOB_EXAMPLE}`,
      );
    }
    if (iso > today) return fail(ctx, `Your date of birth must be in the past. ${DOB_ASK}`);
    const age = ageOn(iso, today);
    if (age > OLDEST_AGE) return fail(ctx, `Check the year you were born. ${DOB_ASK}`);
    if (age < minimumAge) {
      return fail(
        ctx,
        `Thank you for telling us. You need to be ${minimumAge} or older to sign up to LiveWell Dorset here.`,
        'under_minimum_age',
      );
    }
    return iso;
  });
}

// ---------------------------------------------------------------- postcode

const POSTCODE_ASK = 'Enter your full postcode, like BH1 1AA';

/**
 * A UK postcode in any spacing or case ("bh11aa", "BH1  1AA", "bh1-1aa"), returned as "BH1 1AA".
 * A real postcode whose area (the letters before the first digit) is not one of `serviceAreas`
 * fails with reason 'outside_service_area'.
 */
export function postcodeAnswer(opts: { serviceAreas: readonly string[] }): z.ZodType<string, string> {
  const areas = new Set(opts.serviceAreas.map((area) => area.trim().toUpperCase()));
  return z.string().transform((raw, ctx) => {
    const compact = tidy(raw)
      .toUpperCase()
      .replace(/[\s\-.,]/g, '');
    if (compact.length < 5 || compact.length > 7 || !/^[A-Z0-9]+$/.test(compact)) {
      if (compact.length >= 2 && compact.length <= 4 && validOutcode(compact)) {
        return fail(ctx, `Enter your full postcode, including the last 3 characters, like ${compact} 1AA`);
      }
      return fail(ctx, POSTCODE_ASK);
    }
    // fix() swaps letters and digits people commonly mix up, like O for 0 in "BH1 1A0".
    const postcode = parsePostcode(compact).valid
      ? parsePostcode(compact)
      : parsePostcode(fixPostcode(compact));
    if (!postcode.valid) return fail(ctx, POSTCODE_ASK);
    if (!areas.has(postcode.area)) {
      return fail(
        ctx,
        'LiveWell Dorset covers Bournemouth, Poole and Dorset, and that postcode is outside our area. ' +
          'If you live here, check your postcode and enter it again, like BH1 1AA',
        'outside_service_area',
      );
    }
    return postcode.postcode;
  });
}

// ---------------------------------------------------------------- address

const ADDRESS_ASK = 'Enter the first line of your address, like 12 High Street';
// Letters, digits and the punctuation found in addresses ("Flat 2/1", "St. Mary's Court, 3-5").
const ADDRESS_CHARACTERS = /^[\p{L}\p{M}\p{N} ,.'\-/&()#]+$/u;

/** The first line of an address: 2 to 100 characters, including at least one letter. */
export const addressLineAnswer: z.ZodType<string, string> = z.string().transform((raw, ctx) => {
  const line = tidy(raw);
  if (line.length > 100) return fail(ctx, `Enter just the first line of your address, like 12 High Street`);
  if (line.length > 0 && !ADDRESS_CHARACTERS.test(line)) {
    return fail(ctx, `Use only letters, numbers, spaces and simple punctuation. ${ADDRESS_ASK}`);
  }
  if (line.length < 2 || !/\p{L}/u.test(line)) return fail(ctx, ADDRESS_ASK);
  return line;
});

// ---------------------------------------------------------------- skipping optional answers

const SKIP: readonly ChoiceOption<'skip'>[] = [
  {
    value: 'skip',
    label: 'skip',
    synonyms: [
      'none',
      'no',
      'n/a',
      'na',
      'nope',
      'no thanks',
      'no thank you',
      'not applicable',
      'nothing',
      'pass',
      'skip this',
      'skip it',
      "i don't have one",
      "don't have one",
      'i have not got one',
      "i haven't got one",
      "haven't got one",
      "i don't have an email",
      "i don't have email",
      "i don't have an email address",
      'no email',
      'no email address',
      "i don't have a phone",
      "i don't have a phone number",
      'no phone',
      'no phone number',
      'no number',
      'rather not say',
      'prefer not to say',
    ],
  },
];

function isSkip(answer: string): boolean {
  // Real emails and numbers contain "@" or digits; only plain words can mean "skip".
  return !/[@\d]/.test(answer) && matchChoiceText(answer, SKIP) === 'skip';
}

// ---------------------------------------------------------------- email

const EMAIL_ASK = 'Enter your email address, like name@example.com, or reply skip if you do not have one';
const emailFormat = z.email();

/** An email address with its domain lower-cased, or null when the resident skips ("skip", "none", "I don't have one"). */
export const optionalEmailAnswer: z.ZodType<string | null, string> = z.string().transform((raw, ctx) => {
  const answer = tidy(raw);
  if (isSkip(answer)) return null;
  const email = answer.replace(/^mailto:/i, '').replace(/\s*@\s*/g, '@');
  if (email.length > 254 || !emailFormat.safeParse(email).success) return fail(ctx, EMAIL_ASK);
  const at = email.lastIndexOf('@');
  return `${email.slice(0, at)}@${email.slice(at + 1).toLowerCase()}`;
});

// ---------------------------------------------------------------- phone

const PHONE_EXAMPLE = 'like 07700 900123 or 01202 123456';
const PHONE_ASK = `Enter a UK mobile or landline number, ${PHONE_EXAMPLE}`;
const NOT_UK = 'We can only call UK phone numbers. Enter a UK mobile or landline number, like 07700 900123';
const CALLABLE_TYPES: readonly NumberType[] = ['MOBILE', 'FIXED_LINE', 'FIXED_LINE_OR_MOBILE', 'VOIP', 'UAN'];
// Ofcom keeps these ranges for TV and radio drama, so libphonenumber calls them invalid; our
// examples and tests use them, and a resident typing one loses nothing.
const OFCOM_DRAMA_NUMBERS =
  /^(?:7700900\d{3}|1632960\d{3}|11[3-8]4960\d{3}|1[2-6]14960\d{3}|1914980\d{3}|2079460\d{3}|2920180\d{3})$/;

type PhoneReading = { ok: true; e164: string } | { ok: false; message: string; reason?: string };

function readUkPhone(answer: string, ask: string): PhoneReading {
  const typed = answer.replace(/\(0\)/g, '');
  const digits = typed.replace(/\D/g, '');
  if (typed.length > 30 || !/^[+\d()\-. ]+$/.test(typed) || digits.length < 6 || digits.length > 15) {
    return { ok: false, message: ask };
  }
  const phone = parsePhoneNumberFromString(typed, 'GB');
  if (!phone) return { ok: false, message: ask };
  if (phone.countryCallingCode !== '44') return { ok: false, message: NOT_UK, reason: 'not_uk' };
  if (OFCOM_DRAMA_NUMBERS.test(phone.nationalNumber)) return { ok: true, e164: phone.number };
  if (!phone.isValid()) return { ok: false, message: ask };
  // Jersey, Guernsey and the Isle of Man share +44 but are not UK numbers we can call at UK rates.
  if (phone.country !== 'GB') return { ok: false, message: NOT_UK, reason: 'not_uk' };
  const type = phone.getType();
  if (type === undefined || !CALLABLE_TYPES.includes(type)) return { ok: false, message: ask };
  return { ok: true, e164: phone.number };
}

function phoneTransform(allowSkip: boolean) {
  const ask = allowSkip ? `${PHONE_ASK}, or reply skip` : PHONE_ASK;
  return (raw: string, ctx: AnswerContext) => {
    const answer = tidy(raw);
    if (allowSkip && isSkip(answer)) return null;
    const reading = readUkPhone(answer, ask);
    return reading.ok ? reading.e164 : fail(ctx, reading.message, reading.reason);
  };
}

/**
 * A UK mobile or landline number in any common format ("07700 900123", "+44 7700 900123",
 * "01202 123456"), returned in E.164 form ("+447700900123"); null when the resident skips.
 * A number from another country fails with reason 'not_uk'.
 */
export const optionalUkPhoneAnswer: z.ZodType<string | null, string> = z
  .string()
  .transform(phoneTransform(true));

/** As {@link optionalUkPhoneAnswer}, but a number is required (for text-message identities). */
export const ukPhoneNumber: z.ZodType<string, string> = z
  .string()
  .transform((raw, ctx) => phoneTransform(false)(raw, ctx) ?? fail(ctx, PHONE_ASK));
