import {
  ComponentDialog,
  WaterfallDialog,
  type WaterfallStepContext,
  type DialogTurnResult,
} from 'botbuilder-dialogs';
import { matchChoice, parseYesNo, type ChoiceOption } from '../src/domain';
import {
  CONSENT_CONTACT,
  CONSENT_DECLINED,
  CONSENT_INTRO,
  CONSENT_POINTS,
  CONSENT_QUESTION,
  CONSENT_STATEMENT_SHA256,
  CONSENT_STATEMENT_VERSION,
} from '../src/domain/consentStatement';
import type { Clock } from '../src/domain/clock';
import { AnswerPrompt } from './answerPrompt';
import type { ConsentGiven } from './answers';
import { question } from './questions';

export const CONSENT_DIALOG = 'consentDialog';
const ASK_CONSENT = 'consentDialog.askConsent';
const WATERFALL = 'consentDialog.waterfall';

type ConsentChoice = 'YES' | 'NO';
const CONSENT_OPTIONS: readonly ChoiceOption<ConsentChoice>[] = [
  { value: 'YES', label: 'Yes, I consent', synonyms: ['I consent', 'consent', 'agree', 'I agree'] },
  { value: 'NO', label: "No, I don't consent", synonyms: ["I don't consent", 'do not consent', 'disagree'] },
];

/**
 * Shows the service's consent statement and asks for a yes. Returns ConsentGiven on yes, or
 * undefined on no (after the service's kind "Sorry we can't continue" message).
 * Nothing is written here: the Consent row is stored with the rest of the sign-up.
 */
export class ConsentDialog extends ComponentDialog {
  constructor(private readonly clock: Clock) {
    super(CONSENT_DIALOG);
    this.addDialog(
      new AnswerPrompt<ConsentChoice>(
        ASK_CONSENT,
        (text) => {
          const yesNo = parseYesNo(text);
          const choice =
            matchChoice(text, CONSENT_OPTIONS) ?? (yesNo === undefined ? undefined : yesNo ? 'YES' : 'NO');
          return choice
            ? { ok: true, value: choice }
            : { ok: false, message: 'Please answer "Yes, I consent" or "No". For example, type Yes.' };
        },
        'We need your consent to store your answers and use them to support you. If you say no, we keep nothing.',
      ),
    );
    this.addDialog(
      new WaterfallDialog(WATERFALL, [this.showStatementStep.bind(this), this.recordAnswerStep.bind(this)]),
    );
    this.initialDialogId = WATERFALL;
  }

  /** Shows the statement (paragraph, the four points, the phone number) and asks for consent. */
  private async showStatementStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    await step.context.sendActivity(CONSENT_INTRO);
    await step.context.sendActivity(
      [
        'Before we can sign you up any further, we need to know:',
        ...CONSENT_POINTS.map((p) => `- ${p}`),
      ].join('\n\n'),
    );
    await step.context.sendActivity(CONSENT_CONTACT);
    return step.prompt(ASK_CONSENT, { prompt: question(CONSENT_QUESTION, CONSENT_OPTIONS) });
  }

  /** Yes: returns what was agreed to and when. No: says sorry and ends with nothing kept. */
  private async recordAnswerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (step.result !== 'YES') {
      await step.context.sendActivity(CONSENT_DECLINED);
      return step.endDialog(undefined);
    }
    const consent: ConsentGiven = {
      statementVersion: CONSENT_STATEMENT_VERSION,
      textSha256: CONSENT_STATEMENT_SHA256,
      grantedAt: this.clock.now().toISOString(),
    };
    await step.context.sendActivity('Thank you. Now a few questions about you.');
    return step.endDialog(consent);
  }
}
