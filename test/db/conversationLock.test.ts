import pg from 'pg';
import { ConversationLock } from '../../src/db/conversationLock';
import { createTestDatabase, type TestDatabase } from '../support/db';

let db: TestDatabase;
let serverA: ConversationLock;
let serverB: ConversationLock;
let observer: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase();
  // Two instances with pools of their own stand in for two bot servers.
  serverA = new ConversationLock(db.url);
  serverB = new ConversationLock(db.url);
  observer = new pg.Client({ connectionString: db.url });
  await observer.connect();
});
afterAll(async () => {
  await observer.end();
  await Promise.all([serverA.close(), serverB.close()]);
  await db.drop();
});

/** A promise the test resolves when it chooses. */
function gate(): { opened: Promise<void>; open(): void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** Polls the database (not the clock) until `count` sessions wait for an advisory lock. */
async function untilWaitingForAdvisoryLock(count: number): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const { rows } = await observer.query<{ n: string }>(
      "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted",
    );
    if (Number(rows[0].n) === count) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`never saw ${count} session(s) waiting for an advisory lock`);
}

test('two servers never run turns for the same conversation at once', async () => {
  const events: string[] = [];
  const aInside = gate();
  const aMayLeave = gate();

  const a = serverA.run('directline/conversations/c1', async () => {
    events.push('A enter');
    aInside.open();
    await aMayLeave.opened;
    events.push('A exit');
    return 'a';
  });
  await aInside.opened;
  const b = serverB.run('directline/conversations/c1', async () => {
    events.push('B enter');
    events.push('B exit');
    return 'b';
  });

  try {
    // B is blocked in PostgreSQL, not merely slow.
    await untilWaitingForAdvisoryLock(1);
    expect(events).toEqual(['A enter']);
  } finally {
    aMayLeave.open();
  }

  expect(await Promise.all([a, b])).toEqual(['a', 'b']);
  expect(events).toEqual(['A enter', 'A exit', 'B enter', 'B exit']);
});

test('turns for different conversations run concurrently', async () => {
  const events: string[] = [];
  const aInside = gate();
  const aMayLeave = gate();

  const a = serverA.run('sms/conversations/one', async () => {
    events.push('A enter');
    aInside.open();
    await aMayLeave.opened;
    events.push('A exit');
  });
  await aInside.opened;
  try {
    await serverB.run('sms/conversations/two', async () => {
      events.push('B enter');
      events.push('B exit');
    });
  } finally {
    aMayLeave.open();
  }
  await a;

  expect(events).toEqual(['A enter', 'B enter', 'B exit', 'A exit']);
});

test('the lock is released when the turn throws', async () => {
  await expect(
    serverA.run('throws', async () => {
      throw new Error('turn failed');
    }),
  ).rejects.toThrow('turn failed');
  // If the pooled session still held the lock, this would wait forever.
  await expect(serverB.run('throws', async () => 'next turn')).resolves.toBe('next turn');
});

test('turns waiting in one process queue in memory, in order, on one connection', async () => {
  const url = new URL(db.url);
  url.searchParams.set('application_name', 'lock-queue-test');
  const server = new ConversationLock(url.toString(), { max: 4 });
  try {
    const events: string[] = [];
    const firstInside = gate();
    const firstMayLeave = gate();
    const turns = [
      server.run('queued', async () => {
        events.push('1 enter');
        firstInside.open();
        await firstMayLeave.opened;
        events.push('1 exit');
      }),
      server.run('queued', async () => {
        events.push('2 enter');
        throw new Error('turn 2 failed');
      }),
      server.run('queued', async () => {
        events.push('3 enter');
      }),
    ];
    await firstInside.opened;
    try {
      const { rows } = await observer.query<{ n: string }>(
        "SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'lock-queue-test'",
      );
      expect(Number(rows[0].n)).toBe(1);
    } finally {
      firstMayLeave.open();
    }

    const results = await Promise.allSettled(turns);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(events).toEqual(['1 enter', '1 exit', '2 enter', '3 enter']);
  } finally {
    await server.close();
  }
});
