import { ConversationState, MemoryStorage } from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import { MainDialog } from '../../dialogs/mainDialog';
import { trustedChannel } from '../../src/bot/identity';
import { ResidentRepository } from '../../src/db/residentRepository';
import type { PrismaClient } from '../../src/db/prisma';
import type { Clock } from '../../src/domain/clock';
import { checkInParts } from './checkIns';

/**
 * The main dialog on one of our channel ids, with the real repositories over a test database,
 * speaking as the resident at `from` (a Web Chat user id, or an E.164 phone on SMS).
 */
export function dialogClient(
  prisma: PrismaClient,
  clock: Clock,
  channelId: 'directline' | 'sms',
  from: string,
): DialogTestClient {
  const dialog = new MainDialog({
    clock,
    settings: { minimumAge: 18, serviceAreas: ['BH', 'DT'] },
    signUps: new ResidentRepository(prisma, clock),
    checkIns: checkInParts(prisma, clock).checkIns,
  });
  // As our own adapters do: the channel proves who is writing (see src/bot/identity.ts).
  const client = new DialogTestClient(
    channelId,
    dialog,
    undefined,
    [trustedChannel(channelId)],
    new ConversationState(new MemoryStorage()),
  );
  // DialogTestClient's adapter names the user "user"; give it the channel address we serve.
  const adapter = (
    client as unknown as { _testAdapter: { template: { from: { id: string; name: string } } } }
  )._testAdapter;
  adapter.template.from = { id: from, name: 'resident' };
  return client;
}
