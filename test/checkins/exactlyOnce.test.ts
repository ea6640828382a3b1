import { randomUUID } from 'node:crypto';
import { createPrisma, type PrismaClient } from '../../src/db/prisma';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { TwilioStub } from '../support/twilioStub';
import { ACCOUNT_SID, AUTH_TOKEN, startSmsApp, type SmsHarness } from '../sms/harness';

const COUNT = 1000;
const DUE = new Date('2027-03-02T10:30:00Z'); // a Tuesday, inside the send window

/** 1,000 SMS residents whose 3-month check-in is due, written straight to the database. */
async function seedDueCheckIns(prisma: PrismaClient): Promise<string[]> {
  const phones: string[] = [];
  const residents = [];
  for (let i = 0; i < COUNT; i++) {
    const id = randomUUID();
    const phone = `+4477009${String(10000 + i).padStart(5, '0')}`;
    phones.push(phone);
    residents.push({ id, phone });
  }
  const signedUpAt = new Date('2026-12-02T10:30:00Z');
  await prisma.resident.createMany({
    data: residents.map(({ id, phone }, i) => ({
      id,
      firstName: `Resident${i}`,
      lastName: 'Test',
      dateOfBirth: new Date('1980-01-01'),
      postcode: 'BH1 1AA',
      addressLine1: '1 High Street',
      ethnicityGroup: 'PREFER_NOT_TO_SAY',
      ethnicity: 'PREFER_NOT_TO_SAY',
      phone,
      signUpChannel: 'sms',
      signedUpAt,
    })),
  });
  await prisma.consent.createMany({
    data: residents.map(({ id }) => ({
      residentId: id,
      statementVersion: 'v',
      textSha256: 'a'.repeat(64),
      channel: 'sms',
      grantedAt: signedUpAt,
    })),
  });
  await prisma.assessment.createMany({
    data: residents.map(({ id }) => ({
      residentId: id,
      kind: 'BASELINE' as const,
      heightCm: 170,
      weightKg: 80,
      bmi: 27.7,
      activeDays: 2,
      smokingStatus: 'NEVER' as const,
      drinksPerWeek: 4,
      unitsPerWeek: 8,
      takenAt: signedUpAt,
    })),
  });
  await prisma.channelIdentity.createMany({
    data: residents.map(({ id, phone }) => ({ residentId: id, channel: 'sms', address: phone })),
  });
  await prisma.checkIn.createMany({
    data: residents.map(({ id }) => ({ residentId: id, wave: 'MONTH_3' as const, dueAt: DUE })),
  });
  return phones;
}

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
    const phones = await seedDueCheckIns(db.prisma);
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
    expect(texts.every((m) => /it's 3 months since you joined/.test(m.body))).toBe(true);
    expect(await db.prisma.checkIn.count({ where: { status: 'SENT' } })).toBe(COUNT);
  }, 180_000);
});
