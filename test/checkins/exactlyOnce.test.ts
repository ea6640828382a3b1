import { createPrisma, type PrismaClient } from '../../src/db/prisma';
import { manyDueCheckIns } from '../scheduler/builders';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { TwilioStub } from '../support/twilioStub';
import { ACCOUNT_SID, AUTH_TOKEN, startSmsApp, type SmsHarness } from '../sms/harness';

const COUNT = 1000;
const DUE = new Date('2027-03-02T10:30:00Z'); // a Tuesday, inside the send window

describe('two servers, one database, 1,000 due check-ins', () => {
  let db: TestDatabase;
  let secondPrisma: PrismaClient;
  let stub: TwilioStub;
  let one: SmsHarness;
  let two: SmsHarness;
  beforeAll(async () => {
    db = await createTestDatabase();
    secondPrisma = createPrisma(db.url);
    stub = await new TwilioStub(ACCOUNT_SID, AUTH_TOKEN).start();
    one = await startSmsApp({ prisma: db.prisma, databaseUrl: db.url, stub });
    two = await startSmsApp({ prisma: secondPrisma, databaseUrl: db.url, stub });
  });
  afterAll(async () => {
    await one.close();
    await two.close();
    await secondPrisma.$disconnect();
    await stub.stop();
    await db.drop();
  });

  test('every resident gets exactly one text, and every check-in is marked sent', async () => {
    await manyDueCheckIns(db.prisma, COUNT, DUE);
    const phones = (await db.prisma.channelIdentity.findMany({ select: { address: true } })).map(
      (i) => i.address,
    );
    const at = new Date(DUE.getTime() + 60_000);
    one.clock.set(at);
    two.clock.set(at);
    const before = stub.messages.length;
    // Both servers tick at the same time until neither finds anything to send.
    for (let round = 0; round < 50; round++) {
      const [a, b] = await Promise.all([one.app.scheduler.tick(), two.app.scheduler.tick()]);
      if (a.sent + b.sent + a.failed + b.failed === 0) break;
    }
    const texts = stub.messages.slice(before);
    expect(texts).toHaveLength(COUNT);
    expect(new Set(texts.map((m) => m.to))).toEqual(new Set(phones));
    expect(texts.every((m) => /Hi Sam, it's 3 months since you joined/.test(m.body))).toBe(true);
    expect(await db.prisma.checkIn.count({ where: { status: 'SENT' } })).toBe(COUNT);
  }, 180_000);
});
