import {
  ComponentDialog,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { OpenCheckIn } from '../src/db/checkInRepository';
import {
  bmi,
  dateOfBirthAnswer,
  estimateUnits,
  londonDate,
  matchChoice,
  parseAnswer,
  parseYesNo,
  type ChoiceOption,
} from '../src/domain';
import type { Clock } from '../src/domain/clock';
import { describeProgress, type Measures } from '../src/domain/progress';
import { AnswerPrompt } from './answerPrompt';
import type { Lifestyle } from './answers';
import { LIFESTYLE_DIALOG, LifestyleDialog } from './lifestyleDialog';
import { CALL_US, CALL_US_INLINE, question } from './questions';

export const CHECK_IN_DIALOG = 'checkInDialog';
const WATERFALL = 'checkInDialog.waterfall';
const ASK_DATE_OF_BIRTH = 'checkIn.dateOfBirth';
const ASK_START = 'checkIn.start';

/** What the check-in conversation reads and writes (src/db/checkInRepository). */
export interface CheckInConversationStore {
  verifyDateOfBirth(residentId: string, dateOfBirth: string): Promise<boolean>;
  /** False when the check-in closed meanwhile: nothing was stored. */
  complete(
    open: OpenCheckIn,
    measures: Measures,
    unitsPerWeek: number | null,
    bmi: number | null,
  ): Promise<boolean>;
  postpone(checkInId: string): Promise<boolean>;
  cancelRemaining(residentId: string, reason?: string): Promise<number>;
}

export interface CheckInOptions {
  checkIn: OpenCheckIn;
  /** True when the channel already proves who this is (their own phone on SMS). */
  verified: boolean;
  /** The scheduler's one reminder, rather than the first invitation. */
  reminder?: boolean;
  /** Wrong dates of birth so far. */
  failures?: number;
}

type Start = 'START' | 'NOT_NOW' | 'STOP';
const START_OPTIONS: readonly ChoiceOption<Start>[] = [
  { value: 'START', label: "Yes, let's start", synonyms: ['start', 'yes', 'go', 'ok', 'lets go', 'sure'] },
  {
    value: 'NOT_NOW',
    label: 'Not now',
    synonyms: ['later', 'not today', 'another time', 'busy', 'remind me'],
  },
  {
    value: 'STOP',
    label: 'Stop check-ins',
    synonyms: ['stop checkins', 'stop check ins', 'no more', 'unsubscribe me'],
  },
];
const WAVE_MONTHS = { MONTH_3: 3, MONTH_6: 6, MONTH_12: 12 } as const;
const TRIES = 3;

/**
 * The 3, 6 or 12-month check-in: confirms who it is where the channel does not, asks the
 * lifestyle measures again with "Same as last time" shortcuts (height reused), stores them as
 * that wave's assessment, then shows progress against sign-up and how to talk to the team.
 * "Not now" asks again once later; "Stop check-ins" cancels the remaining waves.
 */
export class CheckInDialog extends ComponentDialog {
  constructor(
    clock: Clock,
    private readonly store: CheckInConversationStore,
  ) {
    super(CHECK_IN_DIALOG);
    this.addDialog(
      new AnswerPrompt(
        ASK_DATE_OF_BIRTH,
        (t) => parseAnswer(dateOfBirthAnswer({ today: londonDate(clock.now()), minimumAge: 0 }), t),
        'We ask your date of birth to check it is you before we show anything about you. Type it like 12/03/1980.',
      ),
    );
    this.addDialog(
      new AnswerPrompt<Start>(
        ASK_START,
        (t) => {
          const yesNo = parseYesNo(t);
          const v =
            matchChoice(t, START_OPTIONS) ?? (yesNo === undefined ? undefined : yesNo ? 'START' : 'NOT_NOW');
          return v
            ? { ok: true, value: v }
            : {
                ok: false,
                message: `Please reply "Yes, let's start", "Not now" or "Stop check-ins". For example, type 1.`,
              };
        },
        'Your check-in is a few quick questions about your weight, activity, smoking and drinking, so we can see how you are getting on.',
      ),
    );
    this.addDialog(new LifestyleDialog());
    this.addDialog(
      new WaterfallDialog(WATERFALL, [
        this.askDateOfBirthStep.bind(this),
        this.offerStep.bind(this),
        this.answerOfferStep.bind(this),
        this.saveStep.bind(this),
      ]),
    );
    this.initialDialogId = WATERFALL;
  }

  private options(step: WaterfallStepContext): CheckInOptions {
    return step.options as CheckInOptions;
  }

  /** Asks the date of birth on web chat; skipped where the channel proves who it is (SMS). */
  private async askDateOfBirthStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { verified, failures } = this.options(step);
    if (verified) return step.next();
    const text = failures
      ? "That date of birth doesn't match what we have. Please try again, like 12/03/1980."
      : "Welcome back to LiveWell Dorset. It's time for your check-in. To keep your details safe, please tell us your date of birth first. For example, 12/03/1980.";
    return step.prompt(ASK_DATE_OF_BIRTH, { prompt: question(text) });
  }

  /** Checks the date of birth (three tries), then invites the resident to start. */
  private async offerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = this.options(step);
    if (!options.verified) {
      const matches = await this.store.verifyDateOfBirth(options.checkIn.residentId, step.result as string);
      if (!matches) {
        const failures = (options.failures ?? 0) + 1;
        if (failures >= TRIES) {
          await step.context.sendActivity(`Sorry, we couldn't confirm it's you. ${CALL_US}`);
          return step.endDialog();
        }
        return step.replaceDialog(WATERFALL, { ...options, failures });
      }
    }
    const { firstName, wave } = options.checkIn;
    const reminder = options.reminder ? 'Just a reminder from LiveWell Dorset. ' : '';
    const stopTexts = step.context.activity.channelId === 'sms' ? ' Reply STOP to stop all texts.' : '';
    return step.prompt(ASK_START, {
      prompt: question(
        `${reminder}Hi ${firstName}, it's ${WAVE_MONTHS[wave]} months since you joined LiveWell Dorset. Could you answer a few quick questions about how you're getting on? It takes about 2 minutes.${stopTexts}`,
        START_OPTIONS,
      ),
    });
  }

  /** Not now: asks again once later. Stop: cancels the rest. Start: the measures, with last time's answers. */
  private async answerOfferStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { checkIn } = this.options(step);
    if (step.result === 'NOT_NOW') {
      const postponed = await this.store.postpone(checkIn.checkInId);
      await step.context.sendActivity(
        postponed
          ? "No problem. We'll remind you in a few days."
          : 'No problem. You can answer any time in the next few days: just send us a message.',
      );
      return step.endDialog();
    }
    if (step.result === 'STOP') {
      await this.store.cancelRemaining(checkIn.residentId, 'resident_stopped');
      await step.context.sendActivity(
        `OK, we won't send you any more check-ins. If you'd like to talk to us, ${CALL_US_INLINE}`,
      );
      return step.endDialog();
    }
    const latest = checkIn.latest;
    const previous: Lifestyle = {
      weightKg: latest.weightKg,
      activeDays: latest.activeDays ?? undefined,
      smokingStatus: latest.smokingStatus,
      // A null here means they did not smoke then, not that they preferred not to say.
      cigarettesPerDay: latest.smokingStatus === 'CURRENT' ? latest.cigarettesPerDay : undefined,
      drinksPerWeek: latest.drinksPerWeek,
    };
    // Height is reused from last time; the rest is asked again.
    const start: Lifestyle = { heightCm: latest.heightCm, previous };
    return step.beginDialog(LIFESTYLE_DIALOG, start);
  }

  /** Stores the wave's assessment, then shows progress since sign-up and how to talk to us. */
  private async saveStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { checkIn } = this.options(step);
    const answers = step.result as Lifestyle;
    const measures: Measures = {
      heightCm: answers.heightCm ?? null,
      weightKg: answers.weightKg ?? null,
      activeDays: answers.activeDays ?? null,
      smokingStatus: answers.smokingStatus ?? 'PREFER_NOT_TO_SAY',
      cigarettesPerDay: answers.cigarettesPerDay ?? null,
      drinksPerWeek: answers.drinksPerWeek ?? null,
    };
    const bmiNow =
      measures.heightCm != null && measures.weightKg != null
        ? bmi(measures.heightCm, measures.weightKg)
        : null;
    const units = measures.drinksPerWeek == null ? null : estimateUnits(measures.drinksPerWeek);
    if (!(await this.store.complete(checkIn, measures, units, bmiNow))) {
      await step.context.sendActivity(
        `Thank you, ${checkIn.firstName}. This check-in has closed, so we have not kept these answers. ${CALL_US}`,
      );
      return step.endDialog();
    }
    await step.context.sendActivity(
      `Thank you, ${checkIn.firstName}. ${describeProgress(checkIn.baseline, measures).join(' ')}`,
    );
    await step.context.sendActivity(
      `If you'd like to talk about what's next with one of our team, ${CALL_US_INLINE}`,
    );
    return step.endDialog();
  }
}
