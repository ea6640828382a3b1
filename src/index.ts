import { createApp } from './app';
import { loadConfig } from './config';
import { createPrisma } from './db/prisma';
import { systemClock } from './domain/clock';
import { createLogger } from './logger';

/**
 * Starts the bot: config -> database -> app -> listening. scripts/start.mjs calls this after it
 * has started the embedded PostgreSQL (when DATABASE_URL is unset) and applied migrations.
 */
export async function main(): Promise<{ close(): Promise<void> }> {
  const config = loadConfig();
  if (!config.DATABASE_URL)
    throw new Error('Invalid configuration:\n  DATABASE_URL: required (npm start sets it)');
  const logger = createLogger(config.LOG_LEVEL);
  const prisma = createPrisma(config.DATABASE_URL);
  const app = createApp({ config, databaseUrl: config.DATABASE_URL, prisma, clock: systemClock, logger });
  const url = await app.listen(config.PORT, config.HOST);
  logger.info('server.listening', { url, publicBaseUrl: config.PUBLIC_BASE_URL });
  return {
    async close() {
      await app.close();
      await prisma.$disconnect();
    },
  };
}
