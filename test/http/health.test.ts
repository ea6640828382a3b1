import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createPrisma } from '../../src/db/prisma';
import { ManualClock } from '../../src/domain/clock';
import { memoryLogger } from '../../src/logger';

test('GET /healthz answers 503 when the database cannot be reached', async () => {
  // Nothing listens on port 1 of this machine.
  const unreachable = 'postgresql://livewell:livewell@127.0.0.1:1/livewell';
  const prisma = createPrisma(unreachable);
  const logger = memoryLogger();
  const app = createApp({
    config: loadConfig({
      DIRECT_LINE_SECRET: 'health-test-secret-0123456789abcdef0123',
      CHECKIN_SCHEDULER_ENABLED: 'false',
    }),
    databaseUrl: unreachable,
    prisma,
    clock: new ManualClock(new Date('2026-12-02T10:30:00Z')),
    logger,
  });
  const base = await app.listen(0, '127.0.0.1');
  try {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'unavailable', database: 'unreachable' });
    expect(logger.lines.join('\n')).toContain('health.database_unreachable');
  } finally {
    await app.close();
    await prisma.$disconnect();
  }
});
