import pg from 'pg';
import { DirectLineStore } from '../../src/db/directLineStore';
import { createTestDatabase, type TestDatabase } from '../support/db';

let db: TestDatabase;
let store: DirectLineStore;
const clock = { current: new Date('2026-05-01T12:00:00Z'), now: () => clock.current };
const DAY = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  db = await createTestDatabase();
  store = new DirectLineStore(db.prisma, clock);
});
afterAll(() => db.drop());

let n = 0;
/** A fresh conversation id for each test. */
async function aConversation(): Promise<string> {
  const id = `conv-${++n}`;
  await store.createConversation(id, `dl_user${n}`);
  return id;
}

const message = (text: string) => ({ type: 'message', from: { id: 'dl_user', role: 'user' }, text });

test('creates and finds a conversation, stamped with the injected clock', async () => {
  const id = await aConversation();
  expect(await store.getConversation(id)).toEqual({ id, userId: `dl_user${n}`, createdAt: clock.current });
  expect(await store.getConversation('no-such-conversation')).toBeNull();
});

test('append gives each activity an id and a growing watermark, keeping an id it already had', async () => {
  const conv = await aConversation();
  const first = await store.append(conv, message('hello'));
  const second = await store.append(conv, { ...message('again'), id: 'client-chosen' });

  expect(first.watermark).toMatch(/^[0-9]+$/);
  expect(first.id).toBe(`${conv}|${first.watermark.padStart(7, '0')}`);
  expect(BigInt(second.watermark)).toBeGreaterThan(BigInt(first.watermark));
  expect(second.id).toBe('client-chosen');

  const { activities } = await store.since(conv, undefined);
  expect(activities).toEqual([
    { ...message('hello'), id: first.id },
    { ...message('again'), id: 'client-chosen' },
  ]);
});

test('append to a conversation that does not exist throws', async () => {
  await expect(store.append('no-such-conversation', message('hi'))).rejects.toThrow(/not found/);
});

test('since returns newer activities of that conversation only, oldest first, with the new watermark', async () => {
  const conv = await aConversation();
  const other = await aConversation();
  const w1 = (await store.append(conv, message('one'))).watermark;
  await store.append(other, message('elsewhere'));
  const w2 = (await store.append(conv, message('two'))).watermark;
  const w3 = (await store.append(conv, message('three'))).watermark;

  const all = await store.since(conv, '');
  expect(all.activities.map((a) => a.text)).toEqual(['one', 'two', 'three']);
  expect(all.watermark).toBe(w3);

  const after1 = await store.since(conv, w1);
  expect(after1.activities.map((a) => a.text)).toEqual(['two', 'three']);
  expect(after1.watermark).toBe(w3);

  const limited = await store.since(conv, undefined, 2);
  expect(limited.activities.map((a) => a.text)).toEqual(['one', 'two']);
  expect(limited.watermark).toBe(w2);

  expect(await store.since(conv, w3)).toEqual({ activities: [], watermark: w3 });
  expect(await store.since('never-created', undefined)).toEqual({
    activities: [],
    watermark: '',
  });
});

test.each([
  'abc',
  '-1',
  '1.5',
  ' 1',
  '1e3',
  '0\'; DROP TABLE "DirectLineActivity"; --',
  '99999999999999999999999999',
])('a bogus watermark %p counts as none', async (bogus) => {
  const conv = await aConversation();
  await store.append(conv, message('first'));
  const last = (await store.append(conv, message('second'))).watermark;

  expect(await store.since(conv, bogus)).toEqual({
    activities: [expect.objectContaining({ text: 'first' }), expect.objectContaining({ text: 'second' })],
    watermark: last,
  });
});

test('a bogus watermark with nothing to return comes back as none', async () => {
  const conv = await aConversation();
  expect(await store.since(conv, 'abc')).toEqual({ activities: [], watermark: '' });
});

test('a limit that is not a positive integer is refused', async () => {
  const conv = await aConversation();
  await expect(store.since(conv, undefined, -1)).rejects.toThrow(RangeError);
});

test('concurrent appends to one conversation get distinct ids and read back in watermark order', async () => {
  const conv = await aConversation();
  const appended = await Promise.all(
    Array.from({ length: 20 }, (_, i) => store.append(conv, message(`m${i}`))),
  );
  const { activities } = await store.since(conv, undefined);
  const byWatermark = [...appended].sort((a, b) => Number(BigInt(a.watermark) - BigInt(b.watermark)));
  expect(activities.map((a) => a.id)).toEqual(byWatermark.map((a) => a.id));
  expect(new Set(activities.map((a) => a.id)).size).toBe(20);
});

test('purgeOlderThan deletes conversations (and their activities) past the retention period', async () => {
  const old = await aConversation();
  await store.append(old, message('personal answer'));
  clock.current = new Date(clock.current.getTime() + 31 * DAY);
  const recent = await aConversation();
  await store.append(recent, message('recent'));

  expect(await store.purgeOlderThan(30 * DAY)).toBeGreaterThanOrEqual(1);

  expect(await store.getConversation(old)).toBeNull();
  expect(await db.prisma.directLineActivity.count({ where: { conversationId: old } })).toBe(0);
  expect(await store.getConversation(recent)).not.toBeNull();
  expect((await store.since(recent, undefined)).activities).toHaveLength(1);
  expect(await store.purgeOlderThan(30 * DAY)).toBe(0);
});

test('an append takes no watermark while another append to that conversation is uncommitted', async () => {
  const conv = await aConversation();
  const lastSeq = async () => {
    const [{ n }] = await db.prisma.$queryRaw<[{ n: bigint }]>`
      SELECT coalesce(pg_sequence_last_value(pg_get_serial_sequence('"DirectLineActivity"', 'seq')::regclass), 0) AS n`;
    return n;
  };
  // Stands in for another instance half-way through an append to the same conversation.
  const other = new pg.Client({ connectionString: db.url });
  await other.connect();
  try {
    await other.query('BEGIN');
    await other.query('SELECT 1 FROM "DirectLineConversation" WHERE id = $1 FOR UPDATE', [conv]);
    const before = await lastSeq();
    let appended = false;
    const append = store.append(conv, message('behind')).then(() => (appended = true));

    let waiting = false;
    for (let attempt = 0; attempt < 500 && !waiting; attempt++) {
      const [{ n }] = await db.prisma.$queryRaw<[{ n: bigint }]>`
        SELECT count(*) AS n FROM pg_locks WHERE NOT granted`;
      waiting = n > 0n;
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(waiting).toBe(true);
    expect(appended).toBe(false);
    // Had it taken a seq now, one taken later by the lock holder could commit before it.
    expect(await lastSeq()).toBe(before);

    await other.query('COMMIT');
    await append;
    expect((await store.since(conv, undefined)).activities).toHaveLength(1);
  } finally {
    await other.end();
  }
});
