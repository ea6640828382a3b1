import { TurnContext } from 'botbuilder';
import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { identityChannel } from '../src/bot/identity';
import type { OpenCheckIn } from '../src/db/checkInRepository';
import type { SignUpRecord } from '../src/db/residentRepository';
import {
  bmi,
  checkInDueDates,
  estimateUnits,
  matchChoice,
  parseYesNo,
  type ChoiceOption,
} from '../src/domain';
import type { Clock } from '../src/domain/clock';
import { AnswerPrompt } from './answerPrompt';
import { isEnded, type ConsentGiven, type Details, type SignUpAnswers } from './answers';
import {
  CHECK_IN_DIALOG,
  CheckInDialog,
  type CheckInConversationStore,
  type CheckInOptions,
} from './checkInDialog';
import { CONSENT_DIALOG, ConsentDialog } from './consentDialog';
import { GOALS_DIALOG, GoalsDialog } from './goalsDialog';
import { InterruptibleDialog } from './interruptibleDialog';
import { LIFESTYLE_DIALOG, LifestyleDialog } from './lifestyleDialog';
import { CALL_US, CALL_US_INLINE, question } from './questions';
import { REVIEW_DIALOG, ReviewDialog } from './reviewDialog';
import { SIGN_UP_DIALOG, SignUpDialog, type SignUpSettings } from './signUpDialog';

export const MAIN_DIALOG = 'mainDialog';
const WATERFALL = 'mainDialog.waterfall';
const SIGN_UP_FLOW = 'mainDialog.signUpFlow';
const ASK_NEW = 'main.newOrReturning';

/** Where a finished sign-up goes: one transaction (src/db/residentRepository). */
export interface SignUpRecorder {
  completeSignUp(record: SignUpRecord): Promise<{ residentId: string }>;
  /** The signed-up resident behind a channel address (a phone, a browser), if any. */
  findByChannelAddress(channel: string, address: string): Promise<{ residentId: string } | null>;
}

/** Finds the open check-in of whoever is writing, and records their answers. */
export interface CheckIns extends CheckInConversationStore {
  findOpen(channel: string, address: string): Promise<OpenCheckIn | null>;
}

export interface MainDialogDeps {
  clock: Clock;
  settings: SignUpSettings;
  signUps: SignUpRecorder;
  checkIns: CheckIns;
}

/** How a conversation starts: by the resident, or by the scheduler with their check-in. */
export interface MainDialogOptions {
  checkIn?: OpenCheckIn;
  reminder?: boolean;
}

type NewOrReturning = 'NEW' | 'RETURNING';
const NEW_OR_RETURNING: readonly ChoiceOption<NewOrReturning>[] = [
  {
    value: 'NEW',
    label: "I'm new",
    synonyms: ['new', 'i am new', 'new here', 'first time', 'sign up', 'join'],
  },
  {
    value: 'RETURNING',
    label: "I've been in touch before",
    synonyms: ['been in touch', 'returning', 'before', 'existing', 'i have an account', 'not new', 'back'],
  },
];

interface MainValues {
  consent?: ConsentGiven;
  answers?: Partial<SignUpAnswers>;
}

/** The whole sign-up conversation, from "Are you new?" to stored and scheduled. */
export class MainDialog extends InterruptibleDialog {
  constructor(private readonly deps: MainDialogDeps) {
    super(MAIN_DIALOG);
    this.addDialog(
      new AnswerPrompt<NewOrReturning>(
        ASK_NEW,
        (t) => {
          const yesNo = parseYesNo(t); // "yes" to "Are you new?" means new
          const v =
            matchChoice(t, NEW_OR_RETURNING) ??
            (yesNo === undefined ? undefined : yesNo ? 'NEW' : 'RETURNING');
          return v
            ? { ok: true, value: v }
            : {
                ok: false,
                message: `Please tell us if you are new to LiveWell Dorset or have been in touch before. For example, type "I'm new".`,
              };
        },
        'If you have not used LiveWell Dorset before, choose "I\'m new" and we will sign you up. If you have talked to us before, choose "I\'ve been in touch before".',
      ),
    );
    this.addDialog(new ConsentDialog(deps.clock));
    this.addDialog(new SignUpDialog(deps.clock, deps.settings));
    this.addDialog(new LifestyleDialog());
    this.addDialog(new GoalsDialog());
    this.addDialog(new ReviewDialog(deps.clock, deps.settings));
    this.addDialog(new CheckInDialog(deps.clock, deps.checkIns));
    this.addDialog(new WaterfallDialog(WATERFALL, [this.routeStep.bind(this), this.endStep.bind(this)]));
    this.addDialog(
      new WaterfallDialog(SIGN_UP_FLOW, [
        this.askNewOrReturningStep.bind(this),
        this.consentOrWelcomeBackStep.bind(this),
        this.detailsStep.bind(this),
        this.lifestyleStep.bind(this),
        this.goalsStep.bind(this),
        this.reviewStep.bind(this),
        this.saveStep.bind(this),
      ]),
    );
    this.initialDialogId = WATERFALL;
  }

  /**
   * A resident with a check-in waiting is offered it first (the scheduler may hand it in when it
   * texts them); everyone else starts the sign-up. On web chat the dialog asks for their date of
   * birth before anything about them is shown; on SMS their own number is proof enough.
   */
  private async routeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { checkIn, reminder } = (step.options ?? {}) as MainDialogOptions;
    const channel = identityChannel(step.context);
    const address = step.context.activity.from?.id;
    const open = checkIn ?? (address ? await this.deps.checkIns.findOpen(channel, address) : null);
    if (!open) {
      const known = address ? await this.deps.signUps.findByChannelAddress(channel, address) : null;
      return step.beginDialog(SIGN_UP_FLOW, { known: Boolean(known) });
    }
    const options: CheckInOptions = { checkIn: open, verified: channel === 'sms', reminder };
    return step.beginDialog(CHECK_IN_DIALOG, options);
  }

  private async endStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.endDialog();
  }

  /** Greets and asks whether the resident is new or has been in touch before. */
  private async askNewOrReturningStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    // A number or browser we already know is a returning resident: no need to ask (and, until
    // they prove who they are, no name either: a shared phone or computer may be someone else's).
    if ((step.options as { known?: boolean } | undefined)?.known) return step.next('RETURNING');
    // On SMS, HELP alone is the carrier keyword (service information); "help me" reaches the question.
    const help = step.context.activity.channelId === 'sms' ? 'Text "help me"' : 'Type "help"';
    await step.context.sendActivity(
      `Hello, welcome to LiveWell Dorset. We offer free support to help you stop smoking, drink less, move more or lose weight. I'll ask you a few questions to sign you up. ${help} at any time.`,
    );
    return step.prompt(ASK_NEW, {
      prompt: question(
        'Are you new to LiveWell Dorset, or have you been in touch with us before?',
        NEW_OR_RETURNING,
      ),
    });
  }

  /** Returning: welcome back and how to reach the team. New: the consent statement. */
  private async consentOrWelcomeBackStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (step.result === 'RETURNING') {
      await step.context.sendActivity(
        `Welcome back, it's good to hear from you again! To speak to one of our team, call us. ${CALL_US}`,
      );
      return step.endDialog();
    }
    return step.beginDialog(CONSENT_DIALOG);
  }

  /** Asks the sign-up details; skipped (ends, keeping nothing) when consent was not given. */
  private async detailsStep(step: WaterfallStepContext<MainValues>): Promise<DialogTurnResult> {
    if (!step.result) return step.endDialog();
    (step.values as MainValues).consent = step.result as ConsentGiven;
    const from = step.context.activity.from?.id;
    const start: Details =
      identityChannel(step.context) === 'sms' && from?.startsWith('+44') ? { textingFrom: from } : {};
    return step.beginDialog(SIGN_UP_DIALOG, start);
  }

  /** Asks the lifestyle measures; skipped when the details ended the sign-up (age, area). */
  private async lifestyleStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (isEnded(step.result)) return step.endDialog();
    (step.values as MainValues).answers = { details: step.result };
    return step.beginDialog(LIFESTYLE_DIALOG, {});
  }

  /** Asks what they want help with and what gets in the way. */
  private async goalsStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    (step.values as MainValues).answers!.lifestyle = step.result;
    return step.beginDialog(GOALS_DIALOG, {});
  }

  /** Shows everything back and lets them change any one answer. */
  private async reviewStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = step.values as MainValues;
    values.answers!.goals = step.result;
    const answers: SignUpAnswers = { ...(values.answers as SignUpAnswers), consent: values.consent! };
    return step.beginDialog(REVIEW_DIALOG, answers);
  }

  /** Stores everything in one transaction, schedules the check-ins and says what happens next. */
  private async saveStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (isEnded(step.result)) return step.endDialog();
    const answers = step.result as SignUpAnswers;
    const now = this.deps.clock.now();
    await this.deps.signUps.completeSignUp(toSignUpRecord(step.context, answers, now));
    await step.context.sendActivity(
      `Thank you, ${answers.details.firstName}. You're now signed up to LiveWell Dorset. ` +
        'One of our team will be in touch to talk about the support that suits you. ' +
        "We'll also check in with you in 3, 6 and 12 months to see how you're getting on.",
    );
    await step.context.sendActivity(`If you have any questions, ${CALL_US_INLINE}`);
    return step.endDialog();
  }
}

/** The stored form of a finished sign-up. */
export function toSignUpRecord(context: TurnContext, answers: SignUpAnswers, now: Date): SignUpRecord {
  const { details: d, lifestyle: l, goals: g, consent } = answers;
  return {
    channel: identityChannel(context),
    channelAddress: context.activity.from.id,
    conversationRef: TurnContext.getConversationReference(context.activity),
    consent: {
      statementVersion: consent.statementVersion,
      textSha256: consent.textSha256,
      grantedAt: new Date(consent.grantedAt),
    },
    details: {
      firstName: d.firstName!,
      lastName: d.lastName!,
      dateOfBirth: d.dateOfBirth!,
      postcode: d.postcode!,
      addressLine1: d.addressLine1!,
      ethnicityGroup: d.ethnicityGroup!,
      ethnicity: d.ethnicity!,
      email: d.email ?? null,
      phone: d.phone ?? null,
    },
    baseline: {
      heightCm: l.heightCm ?? null,
      weightKg: l.weightKg ?? null,
      bmi: l.heightCm != null && l.weightKg != null ? bmi(l.heightCm, l.weightKg) : null,
      activeDays: l.activeDays ?? null,
      smokingStatus: l.smokingStatus!,
      cigarettesPerDay: l.cigarettesPerDay ?? null,
      drinksPerWeek: l.drinksPerWeek ?? null,
      unitsPerWeek: l.drinksPerWeek == null ? null : estimateUnits(l.drinksPerWeek),
    },
    goals: g.goals ?? [],
    barrier: g.barrier ?? null,
    checkIns: checkInDueDates(now),
  };
}
