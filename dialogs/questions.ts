import { ActionTypes, ActivityTypes, type Activity } from 'botbuilder';
import type { ChoiceOption } from '../src/domain/choices';
import { SERVICE } from '../src/domain/service';

/**
 * One question as an activity. With options, they go as suggested actions: buttons on Web
 * Chat, a numbered list on SMS (the SMS adapter renders them), in this order, so "1" is always
 * the first option shown. Where the answer is itself a number (weight, days, drinks), the
 * options are shortcuts that SMS must show as words: `choicesAsWords`.
 */
export function question(
  text: string,
  options?: readonly Pick<ChoiceOption, 'label'>[],
  { choicesAsWords = false }: { choicesAsWords?: boolean } = {},
): Partial<Activity> {
  const activity: Partial<Activity> = { type: ActivityTypes.Message, text, inputHint: 'expectingInput' };
  if (options?.length) {
    activity.suggestedActions = {
      to: [],
      actions: options.map((o) => ({ type: ActionTypes.ImBack, title: o.label, value: o.label })),
    };
  }
  if (choicesAsWords) activity.channelData = { choicesAsWords: true };
  return activity;
}

/** The options a question showed, in order, when a reply's number picks one of them. */
export function numberedOptions(prompt: unknown): string[] {
  if (typeof prompt !== 'object' || prompt === null) return [];
  const activity = prompt as Partial<Activity>;
  if ((activity.channelData as { choicesAsWords?: boolean } | undefined)?.choicesAsWords) return [];
  return (activity.suggestedActions?.actions ?? []).map((a) => String(a.title ?? a.value ?? ''));
}

/** How to reach a person, in the house style. */
export const CALL_US = `You can call us on ${SERVICE.phoneSpoken}, ${SERVICE.hours}. Calls are free from landlines and mobiles.`;
/** The same, inside a sentence: "If you have any questions, you can call us on ...". */
export const CALL_US_INLINE = `${CALL_US.charAt(0).toLowerCase()}${CALL_US.slice(1)}`;

/** The words that interrupt any question, and what "help" says when no question is open. */
export const HELP_WORDS = ['help', 'help me', '?', 'what', 'info'];
export const START_OVER_WORDS = ['start over', 'start again', 'restart', 'begin again', 'reset'];
export const CALL_ME_WORDS = [
  'call me',
  'call back',
  'callback',
  'phone me',
  'ring me',
  'speak to someone',
  'talk to someone',
];

/** Lower-cases and strips punctuation so "Start over!" matches "start over". */
export function normaliseCommand(text: string | undefined): string {
  return (text ?? '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s?]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const PREFER_NOT_TO_SAY = [
  'prefer not to say',
  'rather not say',
  'id rather not say',
  'skip',
  'pass',
  'no comment',
];

/** True when the resident declines a sensitive question; a normal answer, not an error. */
export function isPreferNotToSay(text: string): boolean {
  return PREFER_NOT_TO_SAY.includes(normaliseCommand(text).replace(/\?/g, ''));
}

/** The button for declining a sensitive question. */
export const PREFER_NOT_TO_SAY_OPTION = { label: 'Prefer not to say' } as const;
