import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/** Every setting the bot reads, from process.env, validated once at start-up. See .env.example. */
export const configSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3978),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_BASE_URL: z.url().default('http://localhost:3978'),
  TRUST_PROXY: bool.default(false),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),

  DATABASE_URL: optionalText.pipe(z.url().optional()),
  EMBEDDED_PG_DIR: z.string().min(1).default('./data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),

  DIRECT_LINE_SECRET: optionalText.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  // Web Chat refreshes its token every 15 minutes, so a token must outlive that.
  DIRECT_LINE_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(1200, 'must be at least 1200: Web Chat refreshes every 15 minutes')
    .max(86400)
    .default(1800),
  TRANSCRIPT_RETENTION_HOURS: z.coerce
    .number()
    .min(1)
    .max(24 * 30)
    .default(24),

  MicrosoftAppType: optionalText,
  MicrosoftAppId: optionalText,
  MicrosoftAppPassword: optionalText,
  MicrosoftAppTenantId: optionalText,

  MINIMUM_AGE: z.coerce.number().int().min(0).max(120).default(18),
  SERVICE_POSTCODE_AREAS: z
    .string()
    .default('BH,DT')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim().toUpperCase())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[A-Z]{1,2}$/, 'must be postcode areas like BH,DT')).min(1)),
});

export type Config = z.infer<typeof configSchema>;

/** Parses the environment; on a bad value throws an error naming each variable and its problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
