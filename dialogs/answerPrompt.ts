import type { TurnContext } from 'botbuilder';
import { MessageFactory, type Activity } from 'botbuilder';
import {
  Prompt,
  type PromptOptions,
  type PromptRecognizerResult,
  type PromptValidatorContext,
} from 'botbuilder-dialogs';
import type { AnswerResult } from '../src/domain/answer';
import { SERVICE } from '../src/domain/service';
import { numberedOptions } from './questions';

/** What a prompt returns when the answer means the conversation cannot go on (e.g. under age). */
export interface PromptStop {
  stopped: string;
  message: string;
}
export function isPromptStop(value: unknown): value is PromptStop {
  return typeof value === 'object' && value !== null && 'stopped' in value;
}

/**
 * Parses one answer; the failure message is what the resident reads. `given` is the prompt's
 * `validations` option: earlier answers this question depends on (e.g. the ethnic group chosen).
 */
export type AnswerParser<T> = (text: string, given: Record<string, unknown>) => AnswerResult<T>;

/** After this many failed tries at one question we offer the phone number. */
export const TRIES_BEFORE_PHONE = 3;

interface AnswerPromptState {
  lastError?: string;
}

/**
 * A text prompt whose answer is parsed by the zod schema for that answer (src/domain), so the
 * step receives the typed value, and whose retry is the schema's own message plus the question's
 * buttons again. A custom Prompt rather than TextPrompt + validator because the validator
 * cannot hand the parsed value to the step.
 */
export class AnswerPrompt<T> extends Prompt<T | PromptStop> {
  /**
   * @param help what "help" says while this question is open
   * @param stopReasons failure reasons that end the question instead of asking again
   */
  constructor(
    dialogId: string,
    private readonly parse: AnswerParser<T>,
    readonly help: string,
    private readonly stopReasons: readonly string[] = [],
  ) {
    super(dialogId, retryWithSchemaMessage);
  }

  protected async onPrompt(
    context: TurnContext,
    _state: object,
    options: PromptOptions,
    isRetry: boolean,
  ): Promise<void> {
    const activity = isRetry && options.retryPrompt ? options.retryPrompt : options.prompt;
    if (activity) await context.sendActivity(activity);
  }

  protected async onRecognize(
    context: TurnContext,
    state: AnswerPromptState,
    options: PromptOptions,
  ): Promise<PromptRecognizerResult<T | PromptStop>> {
    const typed = context.activity.type === 'message' ? (context.activity.text ?? '') : '';
    // "2" means the second option shown (SMS numbers them), whatever the answer's own list says.
    const shown = numberedOptions(options.prompt);
    const picked = /^\s*(\d{1,2})\s*[.)]?\s*$/.exec(typed);
    const text =
      picked && Number(picked[1]) >= 1 && Number(picked[1]) <= shown.length
        ? shown[Number(picked[1]) - 1]
        : typed;
    const result = this.parse(text, (options.validations ?? {}) as Record<string, unknown>);
    if (result.ok) return { succeeded: true, value: result.value };
    if (result.reason && this.stopReasons.includes(result.reason)) {
      return { succeeded: true, value: { stopped: result.reason, message: result.message } };
    }
    state.lastError = hasAttachmentsOnly(context)
      ? `Sorry, we can only read words here. ${result.message}`
      : result.message;
    return { succeeded: false };
  }
}

function hasAttachmentsOnly(context: TurnContext): boolean {
  return !context.activity.text && (context.activity.attachments?.length ?? 0) > 0;
}

/** The validator every AnswerPrompt uses: retry with the schema's message, phone after 3 tries. */
async function retryWithSchemaMessage(prompt: PromptValidatorContext<unknown>): Promise<boolean> {
  if (prompt.recognized.succeeded) return true;
  const { lastError } = prompt.state as AnswerPromptState;
  let text = lastError ?? 'Sorry, we did not understand that.';
  if (prompt.attemptCount >= TRIES_BEFORE_PHONE) {
    text +=
      ` If this question is tricky here, you can call us on ${SERVICE.phoneSpoken}, ` +
      `${SERVICE.hours}, and we will help. Your answers so far are kept.`;
  }
  const original = prompt.options.prompt;
  const retry: Partial<Activity> = MessageFactory.text(text);
  if (typeof original === 'object' && original?.suggestedActions)
    retry.suggestedActions = original.suggestedActions;
  prompt.options.retryPrompt = retry;
  return false;
}
