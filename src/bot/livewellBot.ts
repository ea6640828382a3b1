import { ActivityHandler, type BotState, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { DialogSet, DialogTurnStatus, type Dialog, type DialogState } from 'botbuilder-dialogs';
import { describeError, type Logger } from '../logger';

/**
 * The bot for every channel: a new member or a message runs the main dialog, and the
 * conversation state is saved at the end of each turn (with its eTag: a turn that raced
 * another for the same conversation fails rather than overwriting it).
 */
export class LiveWellBot extends ActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly dialogs: DialogSet;

  constructor(
    private readonly conversationState: BotState,
    private readonly mainDialog: Dialog,
  ) {
    super();
    this.dialogState = conversationState.createProperty<DialogState>('DialogState');
    this.dialogs = new DialogSet(this.dialogState).add(mainDialog);

    this.onMembersAdded(async (context, next) => {
      const greetable = (context.activity.membersAdded ?? []).some(
        (m) => m.id !== context.activity.recipient?.id,
      );
      if (greetable) await this.runDialog(context);
      await next();
    });
    this.onMessage(async (context, next) => {
      await this.runDialog(context);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.conversationState.saveChanges(context, false);
  }

  /**
   * Starts the main dialog afresh with these options in a conversation the bot opens itself
   * (a check-in text), replacing whatever was in progress, and saves the state.
   */
  async startConversation(context: TurnContext, options: object): Promise<void> {
    const dc = await this.dialogs.createContext(context);
    await dc.cancelAllDialogs();
    await dc.beginDialog(this.mainDialog.id, options);
    await this.conversationState.saveChanges(context, false);
  }

  private async runDialog(context: TurnContext): Promise<void> {
    const dc = await this.dialogs.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.mainDialog.id);
  }
}

/**
 * The one turn-error handler for every adapter: log what failed (never what was said),
 * apologise in one SMS-sized sentence, and leave the conversation state as it was before the
 * failed turn, so the resident can simply answer again.
 */
export function onTurnError(logger: Logger) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    logger.error('turn.failed', {
      channel: context.activity.channelId,
      activityType: context.activity.type,
      ...describeError(error),
    });
    try {
      await context.sendActivity(
        'Sorry, something went wrong on our side. Please send your last answer again.',
      );
    } catch (sendError) {
      logger.error('turn.apology_failed', describeError(sendError));
    }
  };
}
