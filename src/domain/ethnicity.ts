import { z } from 'zod';
import { matchChoice, matchKeywords, type ChoiceOption, type KeywordEntry } from './choices';
import { fail } from './text';

/** One ethnic group from the 2021 Census for England and Wales, like 'ASIAN_INDIAN'. */
export interface EthnicCategory {
  id: string;
  label: string;
}

/** One of the census's five high-level ethnic groups, or 'PREFER_NOT_TO_SAY' (which has no categories). */
export interface EthnicGroup {
  id: string;
  label: string;
  categories: EthnicCategory[];
}

/** Stored when a resident prefers not to say, at either question. */
export const PREFER_NOT_TO_SAY = 'PREFER_NOT_TO_SAY';

/**
 * The 2021 Census (England and Wales) ethnic groups and their 19 categories, in the order and
 * wording of the census form, followed by "Prefer not to say".
 */
export const ETHNIC_GROUPS: readonly EthnicGroup[] = [
  {
    id: 'ASIAN',
    label: 'Asian, Asian British or Asian Welsh',
    categories: [
      { id: 'ASIAN_BANGLADESHI', label: 'Bangladeshi' },
      { id: 'ASIAN_CHINESE', label: 'Chinese' },
      { id: 'ASIAN_INDIAN', label: 'Indian' },
      { id: 'ASIAN_PAKISTANI', label: 'Pakistani' },
      { id: 'ASIAN_OTHER', label: 'Any other Asian background' },
    ],
  },
  {
    id: 'BLACK',
    label: 'Black, Black British, Black Welsh, Caribbean or African',
    categories: [
      { id: 'BLACK_AFRICAN', label: 'African' },
      { id: 'BLACK_CARIBBEAN', label: 'Caribbean' },
      { id: 'BLACK_OTHER', label: 'Any other Black, Black British or Caribbean background' },
    ],
  },
  {
    id: 'MIXED',
    label: 'Mixed or Multiple ethnic groups',
    categories: [
      { id: 'MIXED_WHITE_ASIAN', label: 'White and Asian' },
      { id: 'MIXED_WHITE_BLACK_AFRICAN', label: 'White and Black African' },
      { id: 'MIXED_WHITE_BLACK_CARIBBEAN', label: 'White and Black Caribbean' },
      { id: 'MIXED_OTHER', label: 'Any other Mixed or Multiple ethnic background' },
    ],
  },
  {
    id: 'WHITE',
    label: 'White',
    categories: [
      { id: 'WHITE_ENGLISH', label: 'English, Welsh, Scottish, Northern Irish or British' },
      { id: 'WHITE_IRISH', label: 'Irish' },
      { id: 'WHITE_GYPSY_OR_IRISH_TRAVELLER', label: 'Gypsy or Irish Traveller' },
      { id: 'WHITE_ROMA', label: 'Roma' },
      { id: 'WHITE_OTHER', label: 'Any other White background' },
    ],
  },
  {
    id: 'OTHER',
    label: 'Other ethnic group',
    categories: [
      { id: 'OTHER_ARAB', label: 'Arab' },
      { id: 'OTHER_ANY', label: 'Any other ethnic group' },
    ],
  },
  { id: PREFER_NOT_TO_SAY, label: 'Prefer not to say', categories: [] },
];

const PREFER_NOT_TO_SAY_WORDS = [
  'prefer not to say',
  'rather not say',
  'id rather not say',
  'i would rather not say',
  'id prefer not to say',
  'i prefer not to say',
  'prefer not',
  'rather not',
  'dont want to say',
  'i dont want to say',
  'not saying',
  'no comment',
  'pass',
  'skip',
];

// Words residents use for each group, beyond the census label.
const GROUP_WORDS: Record<string, { synonyms: string[]; keywords: string[] }> = {
  ASIAN: {
    synonyms: ['asian', 'asian british', 'asian welsh', 'british asian'],
    keywords: ['asian', 'bangladeshi', 'chinese', 'indian', 'pakistani'],
  },
  BLACK: {
    synonyms: ['black', 'black british', 'black welsh', 'african', 'caribbean'],
    keywords: ['black', 'african', 'caribbean'],
  },
  MIXED: {
    synonyms: ['mixed', 'multiple', 'mixed race', 'mixed heritage', 'dual heritage'],
    keywords: [
      'mixed',
      'multiple',
      'dual heritage',
      'white and asian',
      'white and black african',
      'white and black caribbean',
      'white and black',
    ],
  },
  WHITE: {
    synonyms: ['white', 'white british', 'white english', 'white irish', 'white other'],
    keywords: ['white', 'english', 'welsh', 'scottish', 'irish', 'gypsy', 'traveller', 'roma'],
  },
  OTHER: {
    synonyms: ['other', 'other ethnic group', 'something else', 'any other', 'arab'],
    keywords: ['arab', 'other ethnic group'],
  },
  [PREFER_NOT_TO_SAY]: { synonyms: PREFER_NOT_TO_SAY_WORDS, keywords: ['prefer not', 'rather not'] },
};

// Words residents use for each category, beyond the census label.
const CATEGORY_WORDS: Record<string, { synonyms: string[]; keywords: string[] }> = {
  ASIAN_BANGLADESHI: { synonyms: [], keywords: ['bangladeshi', 'bangladesh'] },
  ASIAN_CHINESE: { synonyms: [], keywords: ['chinese', 'china'] },
  ASIAN_INDIAN: { synonyms: [], keywords: ['indian', 'india'] },
  ASIAN_PAKISTANI: { synonyms: [], keywords: ['pakistani', 'pakistan'] },
  ASIAN_OTHER: { synonyms: ['other', 'any other', 'other asian', 'something else'], keywords: ['other'] },
  BLACK_AFRICAN: { synonyms: ['black african'], keywords: ['african', 'africa'] },
  BLACK_CARIBBEAN: { synonyms: ['black caribbean'], keywords: ['caribbean'] },
  BLACK_OTHER: { synonyms: ['other', 'any other', 'other black', 'something else'], keywords: ['other'] },
  MIXED_WHITE_ASIAN: { synonyms: ['asian and white'], keywords: ['asian'] },
  MIXED_WHITE_BLACK_AFRICAN: { synonyms: ['black african and white'], keywords: ['african'] },
  MIXED_WHITE_BLACK_CARIBBEAN: { synonyms: ['black caribbean and white'], keywords: ['caribbean'] },
  MIXED_OTHER: { synonyms: ['other', 'any other', 'other mixed', 'something else'], keywords: ['other'] },
  WHITE_ENGLISH: {
    synonyms: ['british', 'white british', 'english', 'welsh', 'scottish', 'northern irish', 'uk'],
    keywords: ['british', 'english', 'welsh', 'scottish', 'northern irish'],
  },
  WHITE_IRISH: { synonyms: ['irish', 'white irish'], keywords: ['irish'] },
  WHITE_GYPSY_OR_IRISH_TRAVELLER: {
    synonyms: ['gypsy', 'traveller', 'irish traveller', 'gypsy traveller'],
    keywords: ['gypsy', 'traveller', 'irish traveller'],
  },
  WHITE_ROMA: { synonyms: ['roma', 'romany'], keywords: ['roma'] },
  WHITE_OTHER: { synonyms: ['other', 'any other', 'other white', 'something else'], keywords: ['other'] },
  OTHER_ARAB: { synonyms: ['arabic'], keywords: ['arab', 'arabic'] },
  OTHER_ANY: { synonyms: ['other', 'any other', 'something else'], keywords: ['other'] },
  [PREFER_NOT_TO_SAY]: { synonyms: PREFER_NOT_TO_SAY_WORDS, keywords: ['prefer not', 'rather not'] },
};

function optionFor(
  item: { id: string; label: string },
  words: Record<string, { synonyms: string[] }>,
): ChoiceOption<string> {
  return { value: item.id, label: item.label, synonyms: words[item.id]?.synonyms ?? [] };
}

function keywordsFor(
  item: { id: string },
  words: Record<string, { keywords: string[] }>,
): KeywordEntry<string> {
  return { value: item.id, keywords: words[item.id]?.keywords ?? [] };
}

/** Reads by number, census wording, synonym, then distinctive word. */
function choose(
  answer: string,
  options: ChoiceOption<string>[],
  keywords: KeywordEntry<string>[],
): string | undefined {
  return matchChoice(answer, options) ?? matchKeywords(answer, keywords);
}

/**
 * Which ethnic group the resident chooses, as a group id ('WHITE', 'PREFER_NOT_TO_SAY', ...): by
 * its number in {@link ETHNIC_GROUPS}, the census wording, or a distinctive word ("white", "asian",
 * "rather not say").
 */
export function ethnicGroupAnswer(): z.ZodType<string, string> {
  const options = ETHNIC_GROUPS.map((group) => optionFor(group, GROUP_WORDS));
  const keywords = ETHNIC_GROUPS.map((group) => keywordsFor(group, GROUP_WORDS));
  const ask =
    `Reply with the number of the group that best describes you, from 1 to ${options.length}, ` +
    `like 4 for White. Or reply ${options.length} if you prefer not to say.`;
  return z.string().transform((raw, ctx) => choose(raw, options, keywords) ?? fail(ctx, ask));
}

/**
 * Which category within a group the resident chooses, as a category id ('ASIAN_INDIAN',
 * 'WHITE_IRISH', ...): by its number within the group, the census wording, or a distinctive word
 * ("indian", "irish", "other"). "Prefer not to say" is a normal answer here too, returned as
 * 'PREFER_NOT_TO_SAY'; so a dialog may list it after the categories, it also answers to the
 * number after the last category.
 *
 * @throws RangeError for a group id that has no categories (a mistake in the dialog, not the answer)
 */
export function ethnicityAnswer(groupId: string): z.ZodType<string, string> {
  const group = ETHNIC_GROUPS.find((g) => g.id === groupId);
  if (!group || group.categories.length === 0) {
    throw new RangeError(`ethnicityAnswer needs a group with categories, not ${groupId}`);
  }
  const declined: EthnicCategory = { id: PREFER_NOT_TO_SAY, label: 'Prefer not to say' };
  const choices = [...group.categories, declined];
  const options = choices.map((category) => optionFor(category, CATEGORY_WORDS));
  const keywords = choices.map((category) => keywordsFor(category, CATEGORY_WORDS));
  const ask =
    `Reply with the number that best describes you, like 1 for ${group.categories[0].label}. ` +
    'Or reply prefer not to say.';
  return z.string().transform((raw, ctx) => choose(raw, options, keywords) ?? fail(ctx, ask));
}
