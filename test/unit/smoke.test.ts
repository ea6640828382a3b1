import { createTestDatabase, type TestDatabase } from '../support/db';

let db: TestDatabase;
beforeAll(async () => (db = await createTestDatabase()));
afterAll(() => db.drop());

test('the migrated schema is there and empty', async () => {
  expect(await db.prisma.resident.count()).toBe(0);
});
