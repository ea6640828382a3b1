import type { Middleware, TurnContext } from 'botbuilder';

const TRUSTED_CHANNEL = Symbol('trustedChannel');

/**
 * Middleware for an adapter that itself proves who is writing: our Direct Line (the user id is
 * bound into a signed token) and Twilio (a signed webhook from the resident's own number).
 */
export function trustedChannel(channel: string): Middleware {
  return {
    async onTurn(context, next) {
      context.turnState.set(TRUSTED_CHANNEL, channel);
      await next();
    },
  };
}

/**
 * The channel a turn's sender is known by. A turn through one of our own adapters gets that
 * adapter's channel; anything else (Azure Bot Service or the Emulator on /api/messages, where the
 * body names its own channel and sender) gets `external:<channelId>`, which can never match, read
 * or re-point the identity of a resident who uses our web chat or SMS.
 */
export function identityChannel(context: TurnContext): string {
  const trusted = context.turnState.get(TRUSTED_CHANNEL) as string | undefined;
  return trusted ?? `external:${context.activity.channelId}`;
}
