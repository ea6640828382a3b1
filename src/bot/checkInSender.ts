import type { ConversationReference, TurnContext } from 'botbuilder';
import type { MainDialogOptions } from '../../dialogs/mainDialog';
import { SmsNotDelivered, smsConversationId } from '../channels/twilioSms';
import type { OpenCheckIn } from '../db/checkInRepository';
import type { CheckInJob, CheckInRoute, CheckInSender } from '../scheduler/checkInScheduler';
import { CheckInUndeliverable, SMS_CHANNEL } from '../scheduler/checkInScheduler';

export interface CheckInSenderDeps {
  /** Loads the check-in as the conversation needs it (name, last answers), at send time. */
  checkIns: { forCheckIn(checkInId: string): Promise<OpenCheckIn | null> };
  /** Begins the main dialog with these options in the given conversation. */
  startConversation(context: TurnContext, options: MainDialogOptions): Promise<void>;
  /** The SMS channel, when configured; runs the turn under the phone's conversation lock. */
  sms?: {
    continueConversation(
      reference: Partial<ConversationReference>,
      logic: (c: TurnContext) => Promise<void>,
    ): Promise<void>;
  };
}

/**
 * Delivers check-ins by the resident's channel. SMS residents get a text that starts the check-in
 * conversation (its words rendered now, from the current record). Web-chat-only residents cannot
 * be reached in the browser, so there is nothing to push: the check-in, now open, is offered the
 * next time they open the chat.
 */
export class ChannelCheckInSender implements CheckInSender {
  constructor(private readonly deps: CheckInSenderDeps) {}

  sendCheckIn(job: CheckInJob): Promise<void> {
    return this.deliver(job, false);
  }

  sendReminder(job: CheckInJob): Promise<void> {
    return this.deliver(job, true);
  }

  private async deliver(job: CheckInJob, reminder: boolean): Promise<void> {
    const route = job.identities.find((r) => r.channel === SMS_CHANNEL);
    if (!route) return;
    if (!this.deps.sms)
      throw new Error('SMS is not configured, so an SMS resident cannot be sent a check-in');
    const checkIn = await this.deps.checkIns.forCheckIn(job.checkInId);
    if (!checkIn) throw new CheckInUndeliverable('the check-in no longer has a resident who consented');
    const options: MainDialogOptions = { checkIn, reminder };
    try {
      await this.deps.sms.continueConversation(smsReference(route), (context) =>
        this.deps.startConversation(context, options),
      );
    } catch (error) {
      // Opted out, or Twilio refused the number: retrying every tick until expiry would not help.
      if (error instanceof SmsNotDelivered && error.permanent) throw new CheckInUndeliverable(error.message);
      throw error;
    }
  }
}

/** The stored conversation reference, or one made from the number (a resident who signed up before it was kept). */
function smsReference(route: CheckInRoute): Partial<ConversationReference> {
  const stored = route.conversationRef as Partial<ConversationReference> | null;
  if (stored?.conversation?.id) return stored;
  return {
    channelId: SMS_CHANNEL,
    conversation: {
      id: smsConversationId(route.address),
      isGroup: false,
      name: '',
      conversationType: 'personal',
    },
    user: { id: route.address, name: '' },
    bot: { id: 'livewell-bot', name: 'LiveWell Dorset' },
    serviceUrl: '',
  };
}
