import { ActionTypes } from 'botbuilder';
import { ComponentDialog, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import {
  SMOKING_OPTIONS,
  activeDaysAnswer,
  bmi,
  cigarettesPerDayAnswer,
  describeBmi,
  drinksPerWeekAnswer,
  heightAnswer,
  isPlausibleBmi,
  kgToStonesAndPounds,
  parseAnswer,
  smokingStatusAnswer,
  weightAnswer,
  type AnswerResult,
} from '../src/domain';
import { AnswerPrompt } from './answerPrompt';
import type { Lifestyle } from './answers';
import { fieldSteps, type FieldQuestion } from './fieldWaterfall';
import { PREFER_NOT_TO_SAY_OPTION, isPreferNotToSay, normaliseCommand, question } from './questions';

export const LIFESTYLE_DIALOG = 'lifestyleDialog';
const WATERFALL = 'lifestyleDialog.waterfall';
const P = {
  height: 'lifestyle.height',
  weight: 'lifestyle.weight',
  activeDays: 'lifestyle.activeDays',
  smoking: 'lifestyle.smoking',
  cigarettes: 'lifestyle.cigarettes',
  drinks: 'lifestyle.drinks',
} as const;

/** "Prefer not to say" is a normal answer to a sensitive question: it is stored as null. */
function orPreferNotToSay<T>(parse: (text: string) => AnswerResult<T>) {
  return (text: string): AnswerResult<T | null> =>
    isPreferNotToSay(text) ? { ok: true, value: null } : parse(text);
}

const SAME_AS_LAST_TIME = { label: 'Same as last time' } as const;
/** The answer is a number, so on SMS the shortcuts are words, never numbered. */
const WORDS = { choicesAsWords: true } as const;
const SAME_WORDS = ['same as last time', 'same', 'the same', 'no change', 'unchanged', 'same again'];

/** At a check-in, "same as last time" answers with the previous value (given to the prompt). */
function orSameAsLastTime<T>(parse: (text: string) => AnswerResult<T>) {
  return (text: string, given: Record<string, unknown>): AnswerResult<T> =>
    'previous' in given && SAME_WORDS.includes(normaliseCommand(text))
      ? { ok: true, value: given.previous as T }
      : parse(text);
}

/** Adds "Last time you told us ..." and the shortcut button when there is a last time. */
function withLastTime<V>(
  field: keyof Omit<Lifestyle, 'previous'> & string,
  describe: (value: V) => string,
  q: Omit<FieldQuestion<Lifestyle>, 'field' | 'given'>,
): FieldQuestion<Lifestyle> {
  return {
    ...q,
    field,
    given: (l) => (l.previous && l.previous[field] !== undefined ? { previous: l.previous[field] } : {}),
    ask: (l) => {
      const base = q.ask(l);
      const last = l.previous?.[field];
      if (!l.previous || last === undefined) return base;
      const lastText =
        last === null
          ? 'Last time you preferred not to say.'
          : `Last time you told us ${describe(last as V)}.`;
      const actions = base.suggestedActions?.actions ?? [];
      // Added last, so the question's own options keep their numbers.
      return {
        ...base,
        text: `${base.text} ${lastText}`,
        suggestedActions: {
          to: [],
          actions: [
            ...actions,
            { type: ActionTypes.ImBack, title: SAME_AS_LAST_TIME.label, value: SAME_AS_LAST_TIME.label },
          ],
        },
      };
    },
  };
}

/** After weight: say what the BMI means, or question an implausible pair instead of keeping it. */
async function checkBmi(step: WaterfallStepContext, answers: Lifestyle) {
  if (answers.heightCm == null || answers.weightKg == null) return undefined;
  const value = bmi(answers.heightCm, answers.weightKg);
  if (isPlausibleBmi(value)) {
    await step.context.sendActivity(describeBmi(value));
    return undefined;
  }
  await step.context.sendActivity(
    "Those numbers don't look quite right together, so let's check them. Please give your height and weight again.",
  );
  const retry: Lifestyle = { ...answers, heightCm: undefined, weightKg: undefined };
  return step.replaceDialog(WATERFALL, retry);
}

const QUESTIONS: readonly FieldQuestion<Lifestyle>[] = [
  {
    field: 'heightCm',
    promptId: P.height,
    ask: () =>
      question(
        'Now some questions about your health. We ask your height and weight to work out your body mass index (BMI). How tall are you? For example, 170cm or 5ft 7in.',
        [PREFER_NOT_TO_SAY_OPTION],
        WORDS,
      ),
  },
  withLastTime('weightKg', (kg: number) => `${Math.round(kg * 10) / 10}kg (${kgToStonesAndPounds(kg)})`, {
    promptId: P.weight,
    ask: () =>
      question('How much do you weigh? For example, 80kg or 12st 6lb.', [PREFER_NOT_TO_SAY_OPTION], WORDS),
    after: checkBmi,
  }),
  withLastTime('activeDays', (days: number) => `${days} ${days === 1 ? 'day' : 'days'}`, {
    promptId: P.activeDays,
    ask: () =>
      question(
        'In the past week, on how many days did you do 30 minutes or more of physical activity that raised your breathing rate? Type a number from 0 to 7.',
        [],
        WORDS,
      ),
  }),
  withLastTime('smokingStatus', (v: string) => `"${SMOKING_OPTIONS.find((o) => o.value === v)?.label}"`, {
    promptId: P.smoking,
    ask: () =>
      question('Do you smoke? We ask so we can offer support to stop if you want it.', SMOKING_OPTIONS),
  }),
  // Only asked of people who smoke now.
  withLastTime('cigarettesPerDay', (n: number) => `about ${n} a day`, {
    promptId: P.cigarettes,
    skipWith: (l) => (l.smokingStatus === 'CURRENT' ? undefined : { value: null }),
    ask: () =>
      question('About how many cigarettes do you smoke on a typical day? For example, 10.', [], WORDS),
  }),
  withLastTime('drinksPerWeek', (n: number) => `${n} ${n === 1 ? 'drink' : 'drinks'} a week`, {
    promptId: P.drinks,
    ask: () =>
      question(
        'How many alcoholic drinks do you have in a typical week? A drink is a pint of beer, a glass of wine or a single measure of spirits. For example, 6, or 0 if you do not drink.',
        [PREFER_NOT_TO_SAY_OPTION],
        WORDS,
      ),
  }),
];

/** Asks the lifestyle measures (height, weight, activity, smoking, alcohol). Returns Lifestyle. */
export class LifestyleDialog extends ComponentDialog {
  constructor() {
    super(LIFESTYLE_DIALOG);
    const prompts: [string, (t: string) => AnswerResult<unknown>, string][] = [
      [
        P.height,
        orPreferNotToSay((t) => parseAnswer(heightAnswer, t)),
        'Type your height in centimetres, metres or feet and inches, like 170cm, 1.7m or 5ft 7in. You can also choose "Prefer not to say".',
      ],
      [
        P.weight,
        orPreferNotToSay((t) => parseAnswer(weightAnswer, t)),
        'Type your weight in kilograms, stones and pounds, or pounds, like 80kg, 12st 6lb or 174lb. You can also choose "Prefer not to say".',
      ],
      [
        P.activeDays,
        (t) => parseAnswer(activeDaysAnswer, t),
        'Count the days in the past 7 when you were active for 30 minutes or more, enough to breathe faster: brisk walking, cycling, gardening or sport all count. Type a number from 0 to 7.',
      ],
      [
        P.smoking,
        (t) => parseAnswer(smokingStatusAnswer, t),
        'Choose the answer that fits you best, or type its number. "Prefer not to say" is fine too.',
      ],
      [
        P.cigarettes,
        (t) => parseAnswer(cigarettesPerDayAnswer, t),
        'Type about how many cigarettes you smoke on a normal day, like 10. A pack is 20.',
      ],
      [
        P.drinks,
        (t) => parseAnswer(drinksPerWeekAnswer, t),
        'Add up the alcoholic drinks in a normal week, like 6. A pint, a glass of wine and a single spirit each count as one. Type 0 if you do not drink.',
      ],
    ];
    for (const [id, parse, help] of prompts)
      this.addDialog(new AnswerPrompt(id, orSameAsLastTime(parse), help));
    this.addDialog(new WaterfallDialog(WATERFALL, fieldSteps(QUESTIONS)));
    this.initialDialogId = WATERFALL;
  }
}
