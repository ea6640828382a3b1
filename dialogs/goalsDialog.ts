import { ComponentDialog, WaterfallDialog } from 'botbuilder-dialogs';
import { BARRIER_OPTIONS, GOAL_OPTIONS, barrierAnswer, goalsAnswer, parseAnswer } from '../src/domain';
import { AnswerPrompt } from './answerPrompt';
import type { Goals } from './answers';
import { fieldSteps, type FieldQuestion } from './fieldWaterfall';
import { PREFER_NOT_TO_SAY_OPTION, isPreferNotToSay, question } from './questions';

export const GOALS_DIALOG = 'goalsDialog';
const WATERFALL = 'goalsDialog.waterfall';
const ASK_GOALS = 'goals.goals';
const ASK_BARRIER = 'goals.barrier';

const QUESTIONS: readonly FieldQuestion<Goals>[] = [
  {
    field: 'goals',
    promptId: ASK_GOALS,
    ask: () =>
      question(
        'What would you like help with? Choose one, or type more than one, like "move more and lose weight".',
        GOAL_OPTIONS,
      ),
  },
  {
    field: 'barrier',
    promptId: ASK_BARRIER,
    ask: () =>
      question('Making changes can be hard. What do you think gets in the way most for you?', [
        ...BARRIER_OPTIONS,
        PREFER_NOT_TO_SAY_OPTION,
      ]),
  },
];

/**
 * What matters to the resident, for their coach (the service works with the COM-B model): the
 * changes they want help with, and what most gets in the way, which the domain maps to
 * capability, opportunity or motivation. Returns Goals.
 */
export class GoalsDialog extends ComponentDialog {
  constructor() {
    super(GOALS_DIALOG);
    this.addDialog(
      new AnswerPrompt(
        ASK_GOALS,
        (t) => parseAnswer(goalsAnswer, t),
        'Choose one or more, by number or name, like "1 and 3" or "move more".',
      ),
    );
    this.addDialog(
      new AnswerPrompt(
        ASK_BARRIER,
        (t) => {
          if (isPreferNotToSay(t)) return { ok: true, value: null };
          const parsed = parseAnswer(barrierAnswer, t);
          return parsed.ok
            ? { ok: true, value: { label: parsed.value.label, comB: parsed.value.comB } }
            : parsed;
        },
        'Your coach uses this to find the right kind of support for you. Choose the closest, or "Prefer not to say".',
      ),
    );
    this.addDialog(new WaterfallDialog(WATERFALL, fieldSteps(QUESTIONS)));
    this.initialDialogId = WATERFALL;
  }
}
