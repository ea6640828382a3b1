import { z } from 'zod';
import { matchChoice, matchChoiceText, type ChoiceOption } from './choices';
import { fail, numberWordsToDigits, plural, roundTo1dp, tidy } from './text';

const CM_PER_INCH = 2.54;
const KG_PER_POUND = 0.45359237;
const POUNDS_PER_STONE = 14;

// A number as people type it: "170", "1.7", "80.5".
const NUM = String.raw`(\d{1,4}(?:\.\d{1,3})?)`;

/**
 * Lower-cases a measurement answer, turns number words into digits ("six foot" => "6 foot"),
 * reads a decimal comma as a point and drops hedges like "about" or "roughly".
 */
function measureText(raw: string): string {
  const text = tidy(raw)
    .toLowerCase()
    .replace(/(\d),(\d)/g, '$1.$2')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/[.!?]+$/, '');
  return numberWordsToDigits(text)
    .replace(/^(?:i am|i'm|im|i weigh|i smoke|i have|i drink|it's|its)\b\s*/, '')
    .replace(
      /^(?:about|around|roughly|approximately|approx\.?|maybe|probably|usually|normally|typically|~)\s*/,
      '',
    )
    .replace(/\s+/g, ' ')
    .trim();
}

/** "3", "3 to 4", "3-4" or "3 or 4": one number, or the midpoint of a range. */
function readNumberOrRange(text: string): { value: number; isRange: boolean } | undefined {
  const match = new RegExp(String.raw`^${NUM}(?: ?(?:-|to|or) ?${NUM})?$`).exec(text);
  if (!match) return undefined;
  const low = Number(match[1]);
  return match[2] === undefined
    ? { value: low, isRange: false }
    : { value: (low + Number(match[2])) / 2, isRange: true };
}

// ---------------------------------------------------------------- height

const HEIGHT_ASK = 'Enter your height, like 170cm or 5ft 7in';
const MIN_HEIGHT_CM = 100;
const MAX_HEIGHT_CM = 250;
const WEIGHT_UNITS = /(?:^|[\d\s])(?:kg|kgs|kilos?|kilograms?|kilogrammes?|st|stones?|lbs?|pounds?)\b/;
const FEET_WORD = String.raw`(?:'|ft\.?|feet|foot)`;
const INCH_WORD = String.raw`(?:"|''|in\.?|ins|inch|inches)`;
const FEET_AND_INCHES = new RegExp(String.raw`^${NUM} ?${FEET_WORD}(?: ?(?:and )?${NUM} ?${INCH_WORD}?)?$`);
const INCHES_ONLY = new RegExp(String.raw`^${NUM} ?${INCH_WORD}$`);
const METRES = new RegExp(String.raw`^${NUM} ?(?:m|mtrs?|metres?|meters?)(?: ?(\d{1,2}))?$`);
const CENTIMETRES = new RegExp(String.raw`^${NUM} ?(?:cm|cms|centimetres?|centimeters?)$`);
const MILLIMETRES = new RegExp(String.raw`^${NUM} ?(?:mm|millimetres?|millimeters?)$`);

type Reading = { cm: number } | { message: string };

function readHeight(raw: string): Reading {
  const text = measureText(raw)
    .replace(/\b(?:tall|in height)\b/g, '')
    .trim();
  if (text.length === 0 || text.length > 40) return { message: HEIGHT_ASK };
  if (WEIGHT_UNITS.test(text)) {
    return {
      message:
        'That looks like a weight. Enter your height in centimetres, metres, or feet and inches, like 170cm or 5ft 7in',
    };
  }
  let m = FEET_AND_INCHES.exec(text);
  if (m) {
    const inches = m[2] === undefined ? 0 : Number(m[2]);
    if (inches >= 12) {
      return {
        message: 'There are 12 inches in a foot. Check your height and enter it again, like 5ft 7in or 170cm',
      };
    }
    return { cm: (Number(m[1]) * 12 + inches) * CM_PER_INCH };
  }
  if ((m = INCHES_ONLY.exec(text))) return { cm: Number(m[1]) * CM_PER_INCH };
  if ((m = METRES.exec(text))) {
    // "1m70" means 1.70 metres.
    return {
      cm: (m[2] !== undefined && !m[1].includes('.') ? Number(`${m[1]}.${m[2]}`) : Number(m[1])) * 100,
    };
  }
  if ((m = CENTIMETRES.exec(text))) return { cm: Number(m[1]) };
  if ((m = MILLIMETRES.exec(text))) return { cm: Number(m[1]) / 10 };
  if ((m = new RegExp(String.raw`^${NUM}$`).exec(text))) return readBareHeight(m[1]);
  return { message: HEIGHT_ASK };
}

/** A number on its own: under 3 is metres, 3 to 8 is feet, 100 to 250 is centimetres. */
function readBareHeight(typed: string): Reading {
  const value = Number(typed);
  if (value < 3) return { cm: value * 100 };
  if (value <= 8) {
    if (!typed.includes('.')) return { cm: value * 12 * CM_PER_INCH };
    // "5.10" usually means 5 feet 10 inches, not 5.1 feet, so ask rather than guess.
    const [feet, inches] = typed.split('.');
    return {
      message:
        Number(inches) < 12
          ? `Did you mean ${feet} feet ${Number(inches)} inches? Enter your height like ${feet}ft ${Number(inches)}in, or in centimetres like 170cm`
          : HEIGHT_ASK,
    };
  }
  if (value >= MIN_HEIGHT_CM && value <= MAX_HEIGHT_CM) return { cm: value };
  return { message: `Tell us the units too. ${HEIGHT_ASK}` };
}

/**
 * Height in centimetres (to 1 decimal place), from 100 to 250. Reads centimetres ("170cm"),
 * metres ("1.7m", "1m70"), feet and inches ("5'10", "5 ft 10", "5 foot 10 inches", "six foot")
 * and a bare number (under 3 is metres, 3 to 8 is feet, 100 to 250 is centimetres).
 */
export const heightAnswer: z.ZodType<number, string> = z.string().transform((raw, ctx) => {
  const reading = readHeight(raw);
  if ('message' in reading) return fail(ctx, reading.message);
  if (!(reading.cm >= MIN_HEIGHT_CM && reading.cm <= MAX_HEIGHT_CM)) {
    return fail(ctx, `Check your height and enter it again. ${HEIGHT_ASK}`, 'out_of_range');
  }
  return roundTo1dp(reading.cm);
});

// ---------------------------------------------------------------- weight

const WEIGHT_ASK = 'Enter your weight, like 80kg or 12st 6lb';
const MIN_WEIGHT_KG = 30;
const MAX_WEIGHT_KG = 350;
const HEIGHT_UNITS =
  /(?:^|[\d\s])(?:cm|cms|centimetres?|centimeters?|m|metres?|meters?|ft|feet|foot|inch(?:es)?)\b|['"]/;
const STONES = new RegExp(String.raw`^${NUM} ?(?:st|stones?)\.?(?: ?(?:and )?${NUM} ?(?:lb|lbs|pounds?)?)?$`);
const POUNDS = new RegExp(String.raw`^${NUM} ?(?:lb|lbs|pounds?)$`);
const KILOGRAMS = new RegExp(String.raw`^${NUM} ?(?:kg|kgs|kilos?|kilograms?|kilogrammes?)?$`);

type WeightReading = { kg: number } | { message: string };

function readWeight(raw: string): WeightReading {
  const text = measureText(raw);
  if (text.length === 0 || text.length > 40) return { message: WEIGHT_ASK };
  let m = STONES.exec(text);
  if (m) {
    const pounds = m[2] === undefined ? 0 : Number(m[2]);
    if (pounds >= POUNDS_PER_STONE) {
      return {
        message:
          'There are 14 pounds in a stone. Check your weight and enter it again, like 12st 6lb or 80kg',
      };
    }
    return { kg: (Number(m[1]) * POUNDS_PER_STONE + pounds) * KG_PER_POUND };
  }
  if ((m = POUNDS.exec(text))) return { kg: Number(m[1]) * KG_PER_POUND };
  if ((m = KILOGRAMS.exec(text))) return { kg: Number(m[1]) };
  if (HEIGHT_UNITS.test(text)) {
    return {
      message:
        'That looks like a height. Enter your weight in kilograms, or stones and pounds, like 80kg or 12st 6lb',
    };
  }
  return { message: WEIGHT_ASK };
}

/**
 * Weight in kilograms (to 1 decimal place), from 30 to 350. Reads kilograms ("80", "80kg",
 * "80.5 kilos"), stones and pounds ("11st 4lb", "11 stone 4", "11 stone") and pounds ("160lb").
 * A bare number is kilograms.
 */
export const weightAnswer: z.ZodType<number, string> = z.string().transform((raw, ctx) => {
  const reading = readWeight(raw);
  if ('message' in reading) return fail(ctx, reading.message);
  if (!(reading.kg >= MIN_WEIGHT_KG && reading.kg <= MAX_WEIGHT_KG)) {
    return fail(ctx, `Check your weight and enter it again. ${WEIGHT_ASK}`, 'out_of_range');
  }
  return roundTo1dp(reading.kg);
});

// ---------------------------------------------------------------- BMI

/** Body mass index from height and weight, to 1 decimal place. */
export function bmi(heightCm: number, weightKg: number): number {
  const metres = heightCm / 100;
  return roundTo1dp(weightKg / (metres * metres));
}

/** NHS adult BMI bands. */
export type BmiCategory = 'underweight' | 'healthy' | 'overweight' | 'obese' | 'severely_obese';

/** The NHS adult band for a BMI: under 18.5, 18.5 to 24.9, 25 to 29.9, 30 to 39.9, 40 or more. */
export function bmiCategory(bmi: number): BmiCategory {
  if (bmi < 18.5) return 'underweight';
  if (bmi < 25) return 'healthy';
  if (bmi < 30) return 'overweight';
  if (bmi < 40) return 'obese';
  return 'severely_obese';
}

const BMI_RANGE_WORDS: Record<BmiCategory, string> = {
  underweight: 'the underweight range',
  healthy: 'the healthy weight range',
  overweight: 'the overweight range',
  obese: 'the obese range',
  severely_obese: 'the severely obese range',
};

/** A number the way a person says it: "31.2", but "25" rather than "25.0". */
function say(value: number): string {
  const rounded = roundTo1dp(value);
  return Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
}

/**
 * What a BMI means, in plain words for the resident (NHS wording, kind rather than judging):
 * "Your BMI is 31.2. That is in the obese range. A healthy BMI for most adults is between 18.5 and 24.9."
 */
export function describeBmi(bmi: number): string {
  const category = bmiCategory(bmi);
  const sentences = [
    `Your BMI is ${say(bmi)}.`,
    `That is in ${BMI_RANGE_WORDS[category]}.`,
    'A healthy BMI for most adults is between 18.5 and 24.9.',
  ];
  if (category !== 'healthy') {
    sentences.push('BMI is only a rough guide, and we can talk it through with you if you would like.');
  }
  return sentences.join(' ');
}

/** Whether a BMI is believable (12 to 70). Outside that, ask the resident to check their height and weight. */
export function isPlausibleBmi(bmi: number): boolean {
  return Number.isFinite(bmi) && bmi >= 12 && bmi <= 70;
}

/** Kilograms in stones and pounds for a summary, to the nearest pound: "12 stone 8 pounds". */
export function kgToStonesAndPounds(kg: number): string {
  const totalPounds = Math.round(kg / KG_PER_POUND);
  const stones = Math.floor(totalPounds / POUNDS_PER_STONE);
  const pounds = totalPounds % POUNDS_PER_STONE;
  if (stones === 0) return plural(pounds, 'pound', 'pounds');
  return pounds === 0 ? `${stones} stone` : `${stones} stone ${plural(pounds, 'pound', 'pounds')}`;
}

/** Centimetres in feet and inches for a summary, to the nearest inch: "5 feet 10 inches". */
export function cmToFeetAndInches(cm: number): string {
  const totalInches = Math.round(cm / CM_PER_INCH);
  const feet = Math.floor(totalInches / 12);
  const inches = totalInches % 12;
  const feetWords = plural(feet, 'foot', 'feet');
  if (feet === 0) return plural(inches, 'inch', 'inches');
  return inches === 0 ? feetWords : `${feetWords} ${plural(inches, 'inch', 'inches')}`;
}

// ---------------------------------------------------------------- activity

const ACTIVE_DAYS_ASK = 'Enter a number from 0 to 7, like 3';
const NO_DAYS: readonly ChoiceOption<'0' | '7' | '1' | '2'>[] = [
  {
    value: '0',
    label: 'none',
    synonyms: [
      'no days',
      'no day',
      'zero',
      'not any',
      'never',
      'nothing',
      'no',
      'not at all',
      'none at all',
      'nil',
    ],
  },
  {
    value: '7',
    label: 'every day',
    synonyms: [
      'everyday',
      'all week',
      'daily',
      'each day',
      'all of them',
      'all days',
      'all the days',
      'every single day',
    ],
  },
  { value: '1', label: 'once', synonyms: ['once a week', 'one day'] },
  { value: '2', label: 'twice', synonyms: ['twice a week'] },
];

/** How many days in the last week the resident was active: a number from 0 to 7 ("3", "three", "none", "every day"). */
export const activeDaysAnswer: z.ZodType<number, string> = z.string().transform((raw, ctx) => {
  const text = measureText(raw);
  const word = text.length <= 40 ? matchChoiceText(text, NO_DAYS) : undefined;
  if (word !== undefined) return Number(word);
  const count = readNumberOrRange(
    text
      .replace(/\b(?:days?|times?|x|a week|per week|each week|in a week|last week|a wk)\b/g, '')
      .replace(/\s+/g, ' ')
      .trim(),
  );
  // A range like "3 or 4" becomes its midpoint rounded up; a lone "2.5" is not a number of days.
  if (count === undefined || count.value > 7 || (!count.isRange && !Number.isInteger(count.value))) {
    return fail(ctx, ACTIVE_DAYS_ASK);
  }
  return Math.round(count.value);
});

// ---------------------------------------------------------------- smoking

/** How a resident describes their smoking. */
export type SmokingStatusValue = 'NEVER' | 'FORMER' | 'CURRENT' | 'PREFER_NOT_TO_SAY';

/** The smoking question's answers, in the order the dialog lists them. */
export const SMOKING_OPTIONS: readonly ChoiceOption<SmokingStatusValue>[] = [
  {
    value: 'NEVER',
    label: 'I have never smoked',
    synonyms: [
      'never',
      'no',
      'nope',
      'no never',
      'never smoked',
      'i never smoked',
      'non smoker',
      'not a smoker',
    ],
  },
  {
    value: 'FORMER',
    label: 'I used to smoke',
    synonyms: [
      'used to',
      'ex',
      'ex smoker',
      'former smoker',
      'quit',
      'i quit',
      'stopped',
      'i stopped',
      'gave up',
      'i gave up',
      'not anymore',
      'not any more',
      'no longer',
      'i dont smoke anymore',
      'i dont smoke any more',
    ],
  },
  {
    value: 'CURRENT',
    label: 'Yes, I smoke',
    synonyms: [
      'yes',
      'yeah',
      'yep',
      'i smoke',
      'smoker',
      'i do',
      'yes i do',
      'i am a smoker',
      'sometimes',
      'occasionally',
    ],
  },
  {
    value: 'PREFER_NOT_TO_SAY',
    label: 'Prefer not to say',
    synonyms: [
      'rather not say',
      'id rather not say',
      'i prefer not to say',
      'dont want to say',
      'not saying',
      'pass',
    ],
  },
];

/** Whether the resident smokes, by number or words ("no" is NEVER, "yes" is CURRENT, "quit" is FORMER). */
export const smokingStatusAnswer: z.ZodType<SmokingStatusValue, string> = z
  .string()
  .transform(
    (raw, ctx) =>
      matchChoice(raw, SMOKING_OPTIONS) ??
      fail(ctx, 'Reply with the number of the answer that fits you, like 1 for "I have never smoked"'),
  );

const CIGARETTES_ASK = 'Enter how many cigarettes you smoke on a typical day, like 10';
const NO_CIGARETTES = /^(?:0|none|nil|no|zero|nothing|not any)$/;

/** Cigarettes on a typical day, 1 to 100: "10", "ten", "a pack" (20), "half a pack" (10), "10-15" (13). */
export const cigarettesPerDayAnswer: z.ZodType<number, string> = z.string().transform((raw, ctx) => {
  const text = measureText(raw)
    .replace(/\b(?:cigarettes?|cigs?|ciggies|fags?|smokes|roll ?ups|rollies)\b/g, '')
    .replace(/\b(?:a|per|each|every) day\b|\bdaily\b/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length === 0 || text.length > 40) return fail(ctx, CIGARETTES_ASK);
  if (NO_CIGARETTES.test(text)) return fail(ctx, CIGARETTES_ASK, 'none');
  let count: number | undefined;
  const packs = /^(?:(half)(?: a)?|(a|an|1)|(\d{1,2}(?:\.5)?)) ?(?:packs?|packets?|pks?|pkts?)$/.exec(text);
  if (packs) count = packs[1] ? 10 : packs[2] ? 20 : Number(packs[3]) * 20;
  else count = readNumberOrRange(text)?.value;
  if (count === undefined) return fail(ctx, CIGARETTES_ASK);
  const rounded = Math.round(count);
  if (rounded < 1) return fail(ctx, CIGARETTES_ASK, 'none');
  if (rounded > 100)
    return fail(ctx, `Check the number and enter it again. ${CIGARETTES_ASK}`, 'out_of_range');
  return rounded;
});

// ---------------------------------------------------------------- alcohol

const DRINKS_ASK =
  'Enter how many alcoholic drinks you have in a typical week, like 10, or 0 if you do not drink. ' +
  'You can also reply prefer not to say';
const MAX_DRINKS_PER_WEEK = 200;

const DRINKS_WORDS: readonly ChoiceOption<'none' | 'declined'>[] = [
  {
    value: 'none',
    label: 'none',
    synonyms: [
      '0',
      'zero',
      'nil',
      'no',
      'nothing',
      'never',
      'not any',
      'no drinks',
      'no alcohol',
      'i dont drink',
      'dont drink',
      'i dont drink alcohol',
      'i do not drink',
      'i never drink',
      'teetotal',
      'im teetotal',
      'i am teetotal',
      'tee total',
      'sober',
      'non drinker',
    ],
  },
  {
    value: 'declined',
    label: 'prefer not to say',
    synonyms: [
      'rather not say',
      'id rather not say',
      'i prefer not to say',
      'dont want to say',
      'not saying',
      'pass',
    ],
  },
];

/**
 * Alcoholic drinks in a typical week, 0 to 200; null when the resident prefers not to say.
 * "none" and "I don't drink" are 0; a range ("10-12") is its midpoint, rounded; "2 a day" is 14.
 */
export const drinksPerWeekAnswer: z.ZodType<number | null, string> = z.string().transform((raw, ctx) => {
  const text = measureText(raw);
  if (text.length === 0 || text.length > 60) return fail(ctx, DRINKS_ASK);
  // Number words are digits by now, so "nine" cannot pass for a typo of "none".
  const words = matchChoiceText(text, DRINKS_WORDS);
  if (words === 'none') return 0;
  if (words === 'declined') return null;
  if (/\bunits?\b/.test(text)) {
    return fail(
      ctx,
      'Enter the number of drinks, not units, like 10. A pint of beer or a glass of wine counts as one drink',
      'units',
    );
  }
  const perDay = /\b(?:a|per|each|every) day\b|\bdaily\b|\ba night\b|\bper night\b/.test(text);
  const amount = readNumberOrRange(
    text
      .replace(/\b(?:a|per|each|every) (?:day|night|week)\b|\bdaily\b|\bweekly\b|\bin a week\b/g, '')
      .replace(
        /\b(?:alcoholic )?(?:drinks?|pints?|glasses|glass|cans?|bottles?|beers?|wines?|ciders?|lagers?|shots?)\b/g,
        '',
      )
      .replace(/\b(?:of|a|an)\b/g, '')
      .replace(/\s+/g, ' ')
      .trim(),
  );
  if (amount === undefined) return fail(ctx, DRINKS_ASK);
  const drinks = Math.round(perDay ? amount.value * 7 : amount.value);
  if (drinks > MAX_DRINKS_PER_WEEK)
    return fail(ctx, `Check the number and enter it again. ${DRINKS_ASK}`, 'out_of_range');
  return drinks;
});

/**
 * Rough UK alcohol units for a number of drinks, to 1 decimal place. We count each drink as 2
 * units: a pint of 4% beer is about 2.3 units and a 175ml glass of 12% wine about 2.1, while a
 * single 25ml spirit is 1, so 2 is a fair middle for "a typical drink" without asking which.
 */
export function estimateUnits(drinksPerWeek: number): number {
  return roundTo1dp(drinksPerWeek * 2);
}

const LOW_RISK_UNITS = 14;

/** What a week's units mean against the UK Chief Medical Officers' low-risk guideline of 14 units, in plain words. */
export function describeUnits(units: number): string {
  const guideline = `The UK guideline is to drink no more than ${LOW_RISK_UNITS} units a week, spread over 3 or more days.`;
  if (units <= 0) return `You told us you do not drink alcohol. ${guideline}`;
  const amount = units < 1 ? 'less than 1 unit' : `about ${plural(Math.round(units), 'unit', 'units')}`;
  if (units <= LOW_RISK_UNITS) {
    return `That is ${amount} a week, which is within the UK guideline of no more than ${LOW_RISK_UNITS} units a week.`;
  }
  return `That is ${amount} a week. ${guideline} We can help you cut down if you would like.`;
}
