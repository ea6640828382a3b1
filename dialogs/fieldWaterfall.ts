import type { Activity } from 'botbuilder';
import type { DialogTurnResult, WaterfallStep, WaterfallStepContext } from 'botbuilder-dialogs';
import { isPromptStop } from './answerPrompt';
import type { Ended } from './answers';
import { CALL_US } from './questions';

/** One question of a form-like dialog: which field it fills, with which prompt, and when. */
export interface FieldQuestion<A extends object> {
  field: keyof A & string;
  promptId: string;
  /** The question, which may depend on the answers so far. */
  ask: (answers: A) => Partial<Activity>;
  /** Earlier answers the prompt's parser needs, passed as the prompt's `validations`. */
  given?: (answers: A) => Record<string, unknown>;
  /** Skip even when unknown (e.g. cigarettes a day for a non-smoker); the value to store. */
  skipWith?: (answers: A) => { value: unknown } | undefined;
  /** Runs after the answer is stored, before the next question (e.g. "Your BMI is ..."). */
  after?: (step: WaterfallStepContext, answers: A) => Promise<DialogTurnResult | undefined>;
}

interface FieldState<A> {
  answers: A;
  pending?: string;
}

/**
 * Waterfall steps for a list of questions. Each step stores the previous answer, then asks its
 * question, or skips it when the answer is already known (so "change an answer" is: forget that
 * one answer and run the dialog again). The last step returns the answers. A prompt that stopped
 * (under age, outside the area) ends the dialog with { ended } after saying why and how to call us.
 */
export function fieldSteps<A extends object>(questions: readonly FieldQuestion<A>[]): WaterfallStep[] {
  const storePrevious = async (step: WaterfallStepContext): Promise<DialogTurnResult | undefined> => {
    const state = step.values as FieldState<A>;
    if (step.index === 0) {
      state.answers = { ...((step.options ?? {}) as A) };
      return undefined;
    }
    if (!state.pending) return undefined;
    if (isPromptStop(step.result)) {
      await step.context.sendActivity(`${step.result.message} ${CALL_US}`);
      const ended: Ended = { ended: step.result.stopped };
      return step.endDialog(ended);
    }
    (state.answers as Record<string, unknown>)[state.pending] = step.result;
    const answered = questions.find((q) => q.field === state.pending);
    state.pending = undefined;
    return answered?.after ? answered.after(step, state.answers) : undefined;
  };

  const steps: WaterfallStep[] = questions.map((q) => async (step: WaterfallStepContext) => {
    const stopped = await storePrevious(step);
    if (stopped) return stopped;
    const state = step.values as FieldState<A>;
    const answers = state.answers as Record<string, unknown>;
    if (answers[q.field] === undefined) {
      const skip = q.skipWith?.(state.answers);
      if (skip) answers[q.field] = skip.value;
    }
    if (answers[q.field] !== undefined) return step.next();
    state.pending = q.field;
    return step.prompt(q.promptId, { prompt: q.ask(state.answers), validations: q.given?.(state.answers) });
  });
  steps.push(async (step: WaterfallStepContext) => {
    const stopped = await storePrevious(step);
    if (stopped) return stopped;
    return step.endDialog((step.values as FieldState<A>).answers);
  });
  return steps;
}
