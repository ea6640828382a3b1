import { z } from 'zod';
import { matchChoice, matchKeywords, type ChoiceOption, type KeywordEntry } from './choices';
import { fail, simplify, tidy } from './text';

/** What a resident wants help with. */
export type GoalValue = 'STOP_SMOKING' | 'DRINK_LESS' | 'MOVE_MORE' | 'LOSE_WEIGHT' | 'EAT_HEALTHIER';

/** The goals the service helps with, in the order the dialog lists them. */
export const GOAL_OPTIONS: readonly ChoiceOption<GoalValue>[] = [
  {
    value: 'STOP_SMOKING',
    label: 'Stop smoking',
    synonyms: [
      'quit smoking',
      'give up smoking',
      'smoking',
      'stop',
      'quit',
      'cigarettes',
      'smoke less',
      'quit cigarettes',
    ],
  },
  {
    value: 'DRINK_LESS',
    label: 'Drink less',
    synonyms: [
      'drinking',
      'alcohol',
      'drink',
      'cut down drinking',
      'less alcohol',
      'cut down on alcohol',
      'stop drinking',
    ],
  },
  {
    value: 'MOVE_MORE',
    label: 'Move more',
    synonyms: [
      'exercise',
      'more exercise',
      'exercise more',
      'be more active',
      'get active',
      'activity',
      'physical activity',
      'get fit',
      'fitness',
      'walk more',
      'move',
    ],
  },
  {
    value: 'LOSE_WEIGHT',
    label: 'Lose weight',
    synonyms: ['weight', 'weight loss', 'lose some weight', 'slim down', 'get slimmer', 'lose a few pounds'],
  },
  {
    value: 'EAT_HEALTHIER',
    label: 'Eat healthier',
    synonyms: [
      'eat healthily',
      'eat more healthily',
      'eat healthy',
      'healthy eating',
      'eat better',
      'eat well',
      'diet',
      'better diet',
      'healthier diet',
      'eating',
      'food',
      'nutrition',
    ],
  },
];

const ALL_GOALS = new Set([
  'all',
  'all of them',
  'all of it',
  'everything',
  'all 5',
  'all five',
  'the lot',
  'all the above',
  'all of the above',
]);
// Words before a goal that do not change it: "I want to move more", "help me to drink less".
const LEAD_IN =
  /^(?:(?:i|id|i would|i d) (?:want|like|need|would like)(?: to)?|help me(?: to)?|to|i want help to|i need help to) /;

function goalsList(): string {
  return GOAL_OPTIONS.map((option, index) => `${index + 1} ${option.label}`).join(', ');
}

const GOALS_ASK = `Reply with the numbers of the goals you want help with, like 1 and 3. The goals are: ${goalsList()}`;

function readOneGoal(part: string): GoalValue | undefined {
  const words = simplify(part).replace(LEAD_IN, '');
  return words.length === 0 ? undefined : matchChoice(words, GOAL_OPTIONS);
}

/**
 * One or more goals, in the order of {@link GOAL_OPTIONS} with repeats removed: by number
 * ("1 3", "1,3", "1 and 3"), by words ("move more and lose weight") or "all of them".
 */
export const goalsAnswer: z.ZodType<GoalValue[], string> = z.string().transform((raw, ctx) => {
  const text = tidy(raw).toLowerCase();
  if (text.length === 0 || text.length > 200) return fail(ctx, GOALS_ASK);
  if (ALL_GOALS.has(simplify(text))) return GOAL_OPTIONS.map((option) => option.value);
  const whole = readOneGoal(text);
  if (whole) return [whole];
  const parts = text
    .split(/\s*(?:,|;|&|\+|\/|\band\b|\bplus\b|\balso\b|\bor\b)\s*/)
    .flatMap((part) => (/^[\d\s.#]+$/.test(part) ? part.split(/[\s.#]+/) : [part]))
    .filter((part) => simplify(part).length > 0);
  const chosen = new Set<GoalValue>();
  for (const part of parts) {
    const goal = readOneGoal(part);
    if (!goal) return fail(ctx, GOALS_ASK);
    chosen.add(goal);
  }
  if (chosen.size === 0) return fail(ctx, GOALS_ASK);
  return GOAL_OPTIONS.map((option) => option.value).filter((value) => chosen.has(value));
});

/** The three parts of the COM-B model of behaviour change: capability, opportunity, motivation. */
export type ComBValue = 'CAPABILITY' | 'OPPORTUNITY' | 'MOTIVATION';

/** An answer to "What gets in the way most?", and the part of COM-B it points to. */
export interface BarrierOption extends ChoiceOption<string> {
  comB: ComBValue;
}

/** Answers to "What gets in the way most?", in the order the dialog lists them. */
export const BARRIER_OPTIONS: readonly BarrierOption[] = [
  {
    value: 'NOT_SURE_WHERE_TO_START',
    label: "I'm not sure where to start",
    comB: 'CAPABILITY',
    synonyms: [
      'not sure where to start',
      "don't know where to start",
      "I don't know how",
      'not sure how',
      'where to start',
    ],
  },
  {
    value: 'HEALTH_OR_PAIN',
    label: 'Health problems or pain make it hard',
    comB: 'CAPABILITY',
    synonyms: ['health', 'pain', 'health problems', 'my health', 'illness', 'injury', 'disability'],
  },
  {
    value: 'NO_TIME',
    label: "I don't have the time",
    comB: 'OPPORTUNITY',
    synonyms: ['time', 'no time', 'not enough time', 'busy', 'too busy', 'work'],
  },
  {
    value: 'MONEY_OR_WHERE_I_LIVE',
    label: 'Money or where I live makes it hard',
    comB: 'OPPORTUNITY',
    synonyms: ['money', 'cost', 'where I live', "can't afford it", 'too expensive', 'transport'],
  },
  {
    value: 'PEOPLE_AROUND_ME',
    label: 'People around me make it harder',
    comB: 'OPPORTUNITY',
    synonyms: ['people', 'people around me', 'family', 'friends', 'partner', 'no support'],
  },
  {
    value: 'STAYING_MOTIVATED',
    label: 'I find it hard to stay motivated',
    comB: 'MOTIVATION',
    synonyms: [
      'motivation',
      'motivated',
      'staying motivated',
      'willpower',
      "can't be bothered",
      'no motivation',
    ],
  },
];

// Words that point to one barrier when the resident answers in their own words.
const BARRIER_KEYWORDS: readonly KeywordEntry<string>[] = [
  {
    value: 'NOT_SURE_WHERE_TO_START',
    keywords: ['where to start', 'know how', 'sure how', 'knowledge', 'skills'],
  },
  {
    value: 'HEALTH_OR_PAIN',
    keywords: [
      'health',
      'pain',
      'ill',
      'illness',
      'injury',
      'injured',
      'disability',
      'disabled',
      'arthritis',
      'condition',
      'mobility',
      'knees',
      'back',
    ],
  },
  { value: 'NO_TIME', keywords: ['time', 'busy', 'work', 'shifts', 'hours'] },
  {
    value: 'MONEY_OR_WHERE_I_LIVE',
    keywords: [
      'money',
      'cost',
      'costs',
      'afford',
      'expensive',
      'price',
      'transport',
      'bus',
      'where i live',
      'rural',
      'nowhere',
    ],
  },
  {
    value: 'PEOPLE_AROUND_ME',
    keywords: [
      'people',
      'family',
      'friends',
      'partner',
      'husband',
      'wife',
      'kids',
      'children',
      'colleagues',
      'support',
      'pressure',
    ],
  },
  {
    value: 'STAYING_MOTIVATED',
    keywords: [
      'motivation',
      'motivated',
      'motivate',
      'willpower',
      'bothered',
      'lazy',
      'habit',
      'habits',
      'cravings',
      'stick',
    ],
  },
];

/** What gets in the way most, by number, the answer's words, or a distinctive word ("time", "money", "motivation"). */
export const barrierAnswer: z.ZodType<BarrierOption, string> = z.string().transform((raw, ctx) => {
  const value = matchChoice(raw, BARRIER_OPTIONS) ?? matchKeywords(raw, BARRIER_KEYWORDS);
  const barrier = BARRIER_OPTIONS.find((option) => option.value === value);
  return (
    barrier ??
    fail(
      ctx,
      `Reply with the number of the answer that fits you best, from 1 to ${BARRIER_OPTIONS.length}, like 3 for "${BARRIER_OPTIONS[2].label}"`,
    )
  );
});
