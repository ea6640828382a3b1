import pg from 'pg';

const LOCK = 'SELECT pg_advisory_lock(hashtextextended($1, 0))';
const UNLOCK = 'SELECT pg_advisory_unlock(hashtextextended($1, 0))';

/**
 * Serialises the turns of one conversation across processes and server instances with a
 * PostgreSQL session advisory lock per key, so two turns never run on the same state at once.
 *
 * Within one process, turns for the same key also queue on a promise chain first, so a burst
 * of messages for one conversation waits in memory rather than each holding a pool connection.
 * Not re-entrant: calling `run` for a key from inside `fn` for that key waits forever.
 */
export class ConversationLock {
  private readonly pool: pg.Pool;
  /** Per key, a promise that settles when the last queued turn has finished. */
  private readonly tails = new Map<string, Promise<void>>();

  /** @param connectionString PostgreSQL URL; `max` is the most locks this process holds at once. */
  constructor(connectionString: string, { max = 4 }: { max?: number } = {}) {
    this.pool = new pg.Pool({ connectionString, max });
    // An idle connection that breaks is dropped by the pool; without a listener the 'error'
    // event would crash the process. The next `run` simply gets a fresh connection.
    this.pool.on('error', () => {});
  }

  /** Runs `fn` while holding the lock for `key`, after every earlier `run` for that key has finished. */
  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let finished!: () => void;
    const thisTurn = new Promise<void>((resolve) => (finished = resolve));
    const tail = previous.then(() => thisTurn);
    this.tails.set(key, tail);
    try {
      await previous;
      return await this.withAdvisoryLock(key, fn);
    } finally {
      finished();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Closes the pool; call once no `run` is in progress. */
  async close(): Promise<void> {
    await this.pool.end();
  }

  private async withAdvisoryLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // A connection whose lock state we are unsure of is destroyed rather than reused: closing
    // the session is what releases a session lock we failed to release ourselves.
    let discard = true;
    try {
      await client.query(LOCK, [key]);
      try {
        return await fn();
      } finally {
        discard = await client.query(UNLOCK, [key]).then(
          () => false,
          () => true,
        );
      }
    } finally {
      client.release(discard);
    }
  }
}
