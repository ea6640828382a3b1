import { AuditLog } from '../../src/db/auditLog';
import { createTestDatabase, type TestDatabase } from '../support/db';

let db: TestDatabase;
let audit: AuditLog;
beforeAll(async () => {
  db = await createTestDatabase();
  audit = new AuditLog(db.prisma);
});
afterAll(() => db.drop());
beforeEach(() => db.prisma.auditEvent.deleteMany());

const event = {
  actor: 'staff:coach-1',
  action: 'callback.claimed',
  entity: 'CallbackRequest',
  entityId: 'cb-1',
  details: { channel: 'sms' },
};

test('records an event', async () => {
  await audit.record({ ...event, at: new Date('2026-01-05T09:30:00Z') });
  expect(await db.prisma.auditEvent.findMany()).toEqual([
    expect.objectContaining({ ...event, at: new Date('2026-01-05T09:30:00Z') }),
  ]);
});

test('records an event without details', async () => {
  const withoutDetails = {
    actor: event.actor,
    action: event.action,
    entity: event.entity,
    entityId: event.entityId,
  };
  await audit.record(withoutDetails);
  expect(await db.prisma.auditEvent.findFirstOrThrow()).toMatchObject({ ...withoutDetails, details: null });
});

test("inside a transaction, the event lives and dies with the caller's change", async () => {
  await expect(
    db.prisma.$transaction(async (tx) => {
      await audit.record(event, tx);
      throw new Error('the change failed');
    }),
  ).rejects.toThrow('the change failed');
  expect(await db.prisma.auditEvent.count()).toBe(0);

  await db.prisma.$transaction((tx) => audit.record(event, tx));
  expect(await db.prisma.auditEvent.count()).toBe(1);
});
