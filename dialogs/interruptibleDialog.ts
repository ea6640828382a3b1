import { ActivityTypes } from 'botbuilder';
import { ComponentDialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { AnswerPrompt } from './answerPrompt';
import { CALL_ME_WORDS, CALL_US, HELP_WORDS, START_OVER_WORDS, normaliseCommand } from './questions';

/**
 * The base of every top-level dialog: "help", "start over" and "call me" are handled here,
 * once, for every question below it.
 */
export abstract class InterruptibleDialog extends ComponentDialog {
  protected async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const interrupted = await this.interrupt(innerDc);
    return interrupted ?? super.onContinueDialog(innerDc);
  }

  /** Restarts this dialog from its first question, forgetting its answers. */
  protected async startOver(innerDc: DialogContext): Promise<DialogTurnResult> {
    await innerDc.cancelAllDialogs();
    await innerDc.context.sendActivity("OK, let's start again. Nothing you told us has been saved.");
    return innerDc.beginDialog(this.initialDialogId);
  }

  /** What "call me" does; the call-back feature overrides this. */
  protected async callMe(innerDc: DialogContext): Promise<void> {
    await innerDc.context.sendActivity(`We'd be glad to talk. ${CALL_US}`);
  }

  private async interrupt(innerDc: DialogContext): Promise<DialogTurnResult | undefined> {
    const activity = innerDc.context.activity;
    if (activity.type !== ActivityTypes.Message) return undefined;
    const command = normaliseCommand(activity.text);
    if (HELP_WORDS.includes(command)) {
      const prompt = innermostAnswerPrompt(innerDc);
      await innerDc.context.sendActivity(
        prompt ? `${prompt.help} Type "start over" to begin again, or "call me" to talk to us.` : CALL_US,
      );
      return this.reprompt(innerDc);
    }
    if (START_OVER_WORDS.includes(command)) return this.startOver(innerDc);
    if (CALL_ME_WORDS.includes(command)) {
      await this.callMe(innerDc);
      return this.reprompt(innerDc);
    }
    return undefined;
  }

  private async reprompt(innerDc: DialogContext): Promise<DialogTurnResult> {
    let dc: DialogContext = innerDc;
    while (dc.child) dc = dc.child;
    await dc.repromptDialog();
    return ComponentDialog.EndOfTurn;
  }
}

function innermostAnswerPrompt(innerDc: DialogContext): AnswerPrompt<unknown> | undefined {
  let dc: DialogContext | undefined = innerDc;
  while (dc?.child) dc = dc.child;
  const active = dc?.activeDialog ? dc.findDialog(dc.activeDialog.id) : undefined;
  return active instanceof AnswerPrompt ? active : undefined;
}
