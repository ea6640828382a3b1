import { PrismaStorage } from '../../src/db/prismaStorage';
import { createTestDatabase, type TestDatabase } from '../support/db';

let db: TestDatabase;
let storage: PrismaStorage;
beforeAll(async () => {
  db = await createTestDatabase();
  storage = new PrismaStorage(db.prisma);
});
afterAll(() => db.drop());

test('reads back what was written, with a string eTag that changes on every write', async () => {
  await storage.write({ 'sms/conversations/c1': { dialogState: { step: 2 }, answers: ['Jo'] } });
  const first = await storage.read(['sms/conversations/c1', 'sms/conversations/missing']);
  expect(Object.keys(first)).toEqual(['sms/conversations/c1']);
  expect(first['sms/conversations/c1']).toEqual({
    dialogState: { step: 2 },
    answers: ['Jo'],
    eTag: expect.any(String),
  });

  await storage.write({
    'sms/conversations/c1': { ...first['sms/conversations/c1'], answers: ['Jo', 'Bloggs'] },
  });
  const second = await storage.read(['sms/conversations/c1']);
  expect(second['sms/conversations/c1'].answers).toEqual(['Jo', 'Bloggs']);
  expect(second['sms/conversations/c1'].eTag).not.toBe(first['sms/conversations/c1'].eTag);
});

test('does not keep the eTag inside the stored data', async () => {
  await storage.write({ k1: { a: 1, eTag: '*' } });
  const row = await db.prisma.botState.findUniqueOrThrow({ where: { key: 'k1' } });
  expect(row.data).toEqual({ a: 1 });
});

test('of two writers that read the same version, the second gets an eTag conflict and the first persists', async () => {
  await storage.write({ shared: { turn: 0 } });
  const readByA = (await storage.read(['shared'])).shared;
  const readByB = (await storage.read(['shared'])).shared;

  await storage.write({ shared: { ...readByA, turn: 'A' } });
  await expect(storage.write({ shared: { ...readByB, turn: 'B' } })).rejects.toThrow(/eTag conflict/);

  expect((await storage.read(['shared'])).shared.turn).toBe('A');
});

test('of two writers racing on the same version, exactly one wins', async () => {
  await storage.write({ race: { n: 0 } });
  const item = (await storage.read(['race'])).race;
  const results = await Promise.allSettled([
    storage.write({ race: { ...item, n: 1 } }),
    storage.write({ race: { ...item, n: 2 } }),
  ]);
  expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
  const winner = results.findIndex((r) => r.status === 'fulfilled') + 1;
  expect((await storage.read(['race'])).race.n).toBe(winner);
});

test("an eTag of '*' (or none) overwrites whatever is stored", async () => {
  await storage.write({ star: { v: 1 } });
  await storage.write({ star: { v: 2 } });
  await storage.write({ star: { v: 3, eTag: '*' } });
  expect((await storage.read(['star'])).star.v).toBe(3);
});

test('writing a new key with a specific eTag throws and stores nothing', async () => {
  await expect(storage.write({ brandNew: { v: 1, eTag: '1' } })).rejects.toThrow(/eTag conflict/);
  await expect(storage.write({ brandNew2: { v: 1, eTag: 'not-a-number' } })).rejects.toThrow(/eTag conflict/);
  expect(await storage.read(['brandNew', 'brandNew2'])).toEqual({});
});

test('writing a key that was deleted since it was read is a conflict', async () => {
  await storage.write({ gone: { v: 1 } });
  const item = (await storage.read(['gone'])).gone;
  await storage.delete(['gone']);
  await expect(storage.write({ gone: { ...item, v: 2 } })).rejects.toThrow(/eTag conflict/);
  expect(await storage.read(['gone'])).toEqual({});
});

test('writes several keys together, and none of them when one conflicts', async () => {
  await storage.write({ user: { name: 'u0' }, conversation: { step: 0 } });
  expect(await storage.read(['user', 'conversation'])).toEqual({
    user: { name: 'u0', eTag: expect.any(String) },
    conversation: { step: 0, eTag: expect.any(String) },
  });

  const stale = await storage.read(['user', 'conversation']);
  await storage.write({ conversation: { ...stale.conversation, step: 1 } });

  await expect(
    storage.write({
      user: { ...stale.user, name: 'u1' },
      conversation: { ...stale.conversation, step: 99 },
      newInSameWrite: { x: 1 },
    }),
  ).rejects.toThrow(/eTag conflict/);

  const after = await storage.read(['user', 'conversation', 'newInSameWrite']);
  expect(after.user.name).toBe('u0');
  expect(after.conversation.step).toBe(1);
  expect(after.newInSameWrite).toBeUndefined();
});

test('deletes the given keys only', async () => {
  await storage.write({ d1: { v: 1 }, d2: { v: 2 }, d3: { v: 3 } });
  await storage.delete(['d1', 'd2', 'never-stored']);
  expect(Object.keys(await storage.read(['d1', 'd2', 'd3']))).toEqual(['d3']);
});
