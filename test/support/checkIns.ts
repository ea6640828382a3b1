import { CheckInRepository } from '../../src/db/checkInRepository';
import type { PrismaClient } from '../../src/db/prisma';
import type { Clock } from '../../src/domain/clock';
import { memoryLogger } from '../../src/logger';
import { CheckInScheduler, type CheckInJob } from '../../src/scheduler/checkInScheduler';
import { SendWindow } from '../../src/scheduler/sendWindow';

/** The real check-in repository and scheduler over a test database, with a sender that records. */
export function checkInParts(prisma: PrismaClient, clock: Clock) {
  const sent: CheckInJob[] = [];
  const scheduler = new CheckInScheduler({
    prisma,
    clock,
    instanceId: 'test',
    sender: {
      sendCheckIn: async (job) => void sent.push(job),
      sendReminder: async (job) => void sent.push(job),
    },
    optOuts: { isOptedOut: async () => false },
    window: new SendWindow(),
    logger: memoryLogger(),
  });
  return { scheduler, checkIns: new CheckInRepository(prisma, clock, scheduler), sent };
}
