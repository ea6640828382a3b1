import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';
import { CatalogSafePool } from './src/db/catalogSafePool';

// The CLI looks for native engines at start-up even when it will not use them. Pointing these
// at an existing file stops a download attempt; nothing executes them (engine "js" below).
process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= '/bin/false';
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= '/bin/false';
// `prisma generate` validates the datasource URL even though it never connects.
process.env.DATABASE_URL ??= 'postgresql://localhost:5432/unused';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  async adapter() {
    return new PrismaPg(
      new CatalogSafePool({
        connectionString: process.env.DATABASE_URL,
        allowExitOnIdle: true,
      }),
    );
  },
});
