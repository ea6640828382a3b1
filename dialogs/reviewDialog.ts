import {
  ComponentDialog,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import parsePhoneNumber from 'libphonenumber-js';
import { DateTime } from 'luxon';
import {
  ETHNIC_GROUPS,
  GOAL_OPTIONS,
  SMOKING_OPTIONS,
  bmi,
  cmToFeetAndInches,
  estimateUnits,
  kgToStonesAndPounds,
  matchChoice,
  parseYesNo,
  type ChoiceOption,
} from '../src/domain';
import type { Clock } from '../src/domain/clock';
import { AnswerPrompt } from './answerPrompt';
import { isEnded, type Details, type Goals, type Lifestyle, type SignUpAnswers } from './answers';
import { GOALS_DIALOG, GoalsDialog } from './goalsDialog';
import { LIFESTYLE_DIALOG, LifestyleDialog } from './lifestyleDialog';
import { question } from './questions';
import { SIGN_UP_DIALOG, SignUpDialog, type SignUpSettings } from './signUpDialog';

export const REVIEW_DIALOG = 'reviewDialog';
const WATERFALL = 'reviewDialog.waterfall';
const ASK_CONFIRM = 'review.confirm';
const ASK_WHICH = 'review.which';

type Confirm = 'RIGHT' | 'CHANGE';
const CONFIRM_OPTIONS: readonly ChoiceOption<Confirm>[] = [
  { value: 'RIGHT', label: "That's right", synonyms: ['right', 'correct', 'looks good', 'all good', 'fine'] },
  {
    value: 'CHANGE',
    label: 'Change something',
    synonyms: ['change', 'change an answer', 'edit', 'wrong', 'fix'],
  },
];

type Section = 'details' | 'lifestyle' | 'goals';
interface ReviewValues {
  section?: Section;
}
interface ChangeItem extends ChoiceOption<string> {
  section: Section;
  dialogId: string;
  /** The answers to forget so the section's dialog asks them again. */
  fields: string[];
}
const item = (
  value: string,
  label: string,
  section: Section,
  fields: string[],
  synonyms: string[] = [],
): ChangeItem => ({
  value,
  label,
  synonyms,
  section,
  fields,
  dialogId: { details: SIGN_UP_DIALOG, lifestyle: LIFESTYLE_DIALOG, goals: GOALS_DIALOG }[section],
});
const CHANGE_ITEMS: readonly ChangeItem[] = [
  item(
    'name',
    'Name',
    'details',
    ['firstName', 'lastName'],
    ['my name', 'first name', 'last name', 'surname'],
  ),
  item('dob', 'Date of birth', 'details', ['dateOfBirth'], ['birthday', 'dob', 'age']),
  item('postcode', 'Postcode', 'details', ['postcode']),
  item('address', 'Address', 'details', ['addressLine1']),
  item('ethnicity', 'Ethnic group', 'details', ['ethnicityGroup', 'ethnicity'], ['ethnicity', 'background']),
  item('email', 'Email', 'details', ['email'], ['email address']),
  item('phone', 'Phone number', 'details', ['phone'], ['phone', 'mobile', 'number']),
  item('measures', 'Height and weight', 'lifestyle', ['heightCm', 'weightKg'], ['height', 'weight', 'bmi']),
  item('activity', 'Activity', 'lifestyle', ['activeDays'], ['active days', 'exercise']),
  item('smoking', 'Smoking', 'lifestyle', ['smokingStatus', 'cigarettesPerDay'], ['cigarettes', 'smoke']),
  item('alcohol', 'Alcohol', 'lifestyle', ['drinksPerWeek'], ['drinks', 'drinking']),
  item('goals', 'What you want help with', 'goals', ['goals'], ['goals', 'help with']),
  item('barrier', 'What gets in the way', 'goals', ['barrier'], ['barrier', 'gets in the way']),
];

const notGiven = 'not given';
const label = (options: readonly ChoiceOption[], value: unknown) =>
  options.find((o) => o.value === value)?.label;

/** The answers in plain words, one per line, the way the resident would say them. */
export function summarise(answers: SignUpAnswers): string {
  const d: Details = answers.details;
  const l: Lifestyle = answers.lifestyle;
  const g: Goals = answers.goals;
  const group = ETHNIC_GROUPS.find((x) => x.id === d.ethnicityGroup);
  const category = group?.categories.find((c) => c.id === d.ethnicity);
  const lines = [
    `Name: ${d.firstName} ${d.lastName}`,
    `Date of birth: ${DateTime.fromISO(d.dateOfBirth ?? '').toFormat('d MMMM yyyy')}`,
    `Postcode: ${d.postcode}`,
    `Address: ${d.addressLine1}`,
    `Ethnic group: ${category ? `${group?.label}: ${category.label}` : (group?.label ?? notGiven)}`,
    `Email: ${d.email ?? notGiven}`,
    `Phone number: ${d.phone ? (parsePhoneNumber(d.phone)?.formatNational() ?? d.phone) : notGiven}`,
    `Height: ${l.heightCm == null ? notGiven : `${Math.round(l.heightCm)}cm (${cmToFeetAndInches(l.heightCm)})`}`,
    `Weight: ${l.weightKg == null ? notGiven : `${Math.round(l.weightKg * 10) / 10}kg (${kgToStonesAndPounds(l.weightKg)})`}`,
  ];
  if (l.heightCm != null && l.weightKg != null) lines.push(`BMI: ${bmi(l.heightCm, l.weightKg)}`);
  lines.push(
    `Active days last week: ${l.activeDays}`,
    `Smoking: ${label(SMOKING_OPTIONS, l.smokingStatus)}${l.cigarettesPerDay ? `, about ${l.cigarettesPerDay} a day` : ''}`,
    `Alcohol: ${l.drinksPerWeek == null ? notGiven : `${l.drinksPerWeek} drinks a week (about ${Math.round(estimateUnits(l.drinksPerWeek))} units)`}`,
    `Help with: ${(g.goals ?? []).map((x) => label(GOAL_OPTIONS, x)).join(', ')}`,
    `What gets in the way: ${g.barrier?.label ?? notGiven}`,
  );
  return lines.map((line) => `- ${line}`).join('\n');
}

/**
 * Shows every answer and asks "That's right" / "Change something". A change forgets that one
 * answer and runs its section's dialog again, which asks only what is missing; then back here.
 * Returns the confirmed SignUpAnswers, or Ended when a changed answer ends the sign-up.
 */
export class ReviewDialog extends ComponentDialog {
  constructor(clock: Clock, settings: SignUpSettings) {
    super(REVIEW_DIALOG);
    this.addDialog(
      new AnswerPrompt<Confirm>(
        ASK_CONFIRM,
        (t) => {
          const yesNo = parseYesNo(t);
          const v =
            matchChoice(t, CONFIRM_OPTIONS) ?? (yesNo === undefined ? undefined : yesNo ? 'RIGHT' : 'CHANGE');
          return v
            ? { ok: true, value: v }
            : {
                ok: false,
                message: `Please choose "That's right" or "Change something". For example, type 1.`,
              };
        },
        'Check your answers. If they are all right, choose "That\'s right" and we will sign you up.',
      ),
    );
    this.addDialog(
      new AnswerPrompt<string>(
        ASK_WHICH,
        (t) => {
          const v = matchChoice(t, CHANGE_ITEMS);
          return v
            ? { ok: true, value: v }
            : { ok: false, message: 'Which answer would you like to change? For example, type Postcode.' };
        },
        'Choose the answer you want to change. We will ask just that question again.',
      ),
    );
    this.addDialog(new SignUpDialog(clock, settings));
    this.addDialog(new LifestyleDialog());
    this.addDialog(new GoalsDialog());
    this.addDialog(
      new WaterfallDialog(WATERFALL, [
        this.showSummaryStep.bind(this),
        this.askWhichStep.bind(this),
        this.askAgainStep.bind(this),
        this.backToSummaryStep.bind(this),
      ]),
    );
    this.initialDialogId = WATERFALL;
  }

  private answers(step: WaterfallStepContext): SignUpAnswers {
    return step.options as SignUpAnswers;
  }

  /** Shows the summary and asks whether it is right. */
  private async showSummaryStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    await step.context.sendActivity(`Here is what you told us:\n\n${summarise(this.answers(step))}`);
    return step.prompt(ASK_CONFIRM, { prompt: question('Is this right?', CONFIRM_OPTIONS) });
  }

  /** Asks which answer to change; skipped (ends with the answers) when all is right. */
  private async askWhichStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (step.result === 'RIGHT') return step.endDialog(this.answers(step));
    return step.prompt(ASK_WHICH, {
      prompt: question('Which answer would you like to change?', CHANGE_ITEMS),
    });
  }

  /** Forgets the chosen answer(s) and asks them again through their section's dialog. */
  private async askAgainStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const chosen = CHANGE_ITEMS.find((i) => i.value === step.result);
    if (!chosen) return step.replaceDialog(WATERFALL, this.answers(step));
    const section = { ...(this.answers(step)[chosen.section] as Record<string, unknown>) };
    for (const field of chosen.fields) delete section[field];
    // Without an email the phone becomes the only way to reach them, so ask it again too.
    if (chosen.value === 'email' && !section.phone) delete section.phone;
    (step.values as ReviewValues).section = chosen.section;
    return step.beginDialog(chosen.dialogId, section);
  }

  /** Puts the new answer in place and shows the summary again. */
  private async backToSummaryStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (isEnded(step.result)) return step.endDialog(step.result);
    const answers = { ...this.answers(step), [(step.values as ReviewValues).section!]: step.result };
    return step.replaceDialog(WATERFALL, answers);
  }
}
