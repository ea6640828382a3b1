import { z } from 'zod';
import { sendWindowSettingsSchema } from './scheduler/sendWindow';

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
  // Chats (tokens, new conversations) one client address may start a minute, per instance.
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(60),
  // Conversation state holds the answers of unfinished conversations: deleted when idle this long.
  CONVERSATION_STATE_RETENTION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
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

  // Check-ins at 3, 6 and 12 months (src/scheduler).
  CHECKIN_SCHEDULER_ENABLED: bool.default(true),
  CHECKIN_POLL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  CHECKIN_SEND_DAYS: z
    .string()
    .default('1,2,3,4,5')
    .transform((v) => v.split(',').map((d) => Number(d.trim())))
    .pipe(
      z
        .array(
          z
            .number()
            .int()
            .min(1, 'days are 1 (Monday) to 7 (Sunday)')
            .max(7, 'days are 1 (Monday) to 7 (Sunday)'),
        )
        .min(1),
    ),
  CHECKIN_SEND_START: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time like 09:00')
    .default('09:00'),
  CHECKIN_SEND_END: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time like 18:30')
    .default('18:30'),
  CHECKIN_REMINDER_DAYS: z.coerce.number().int().min(1).max(30).default(3),
  CHECKIN_EXPIRY_DAYS: z.coerce.number().int().min(2).max(90).default(14),
  CHECKIN_LEASE_SECONDS: z.coerce.number().int().min(10).max(3600).default(600),

  // --- SMS (Twilio): on only when the account SID, auth token and sender are all set. ---
  TWILIO_ACCOUNT_SID: optionalText.pipe(
    z
      .string()
      .regex(/^AC[0-9a-fA-F]{32}$/, 'must be your Twilio Account SID: AC followed by 32 hex characters')
      .optional(),
  ),
  TWILIO_AUTH_TOKEN: optionalText.pipe(
    z
      .string()
      .regex(/^[0-9a-fA-F]{32}$/, "must be the account's Auth Token: 32 hex characters")
      .optional(),
  ),
  TWILIO_FROM: optionalText.pipe(
    z
      .string()
      .regex(
        /^(\+[1-9][0-9]{6,14}|MG[0-9a-fA-F]{32})$/,
        'must be a phone number like +447700900123, or a Messaging Service SID (MG followed by 32 hex characters)',
      )
      .optional(),
  ),
  TWILIO_API_BASE_URL: optionalText.pipe(
    z.url({ protocol: /^https?$/, error: 'must be an http(s) URL, like http://127.0.0.1:4010' }).optional(),
  ),
});

/** The schema with the checks that span several settings. */
const checkedConfigSchema = configSchema
  .superRefine(twilioAllOrNothing)
  .superRefine(reminderBeforeExpiry)
  .superRefine(sendWindowMakesSense);

const WINDOW_VARIABLES = {
  days: 'CHECKIN_SEND_DAYS',
  start: 'CHECKIN_SEND_START',
  end: 'CHECKIN_SEND_END',
} as const;

/** The send window's own rules (each day once, start before end), named by variable. */
function sendWindowMakesSense(
  env: { CHECKIN_SEND_DAYS: number[]; CHECKIN_SEND_START: string; CHECKIN_SEND_END: string },
  ctx: z.RefinementCtx,
): void {
  const result = sendWindowSettingsSchema.safeParse({
    days: env.CHECKIN_SEND_DAYS,
    start: env.CHECKIN_SEND_START,
    end: env.CHECKIN_SEND_END,
  });
  for (const issue of result.error?.issues ?? []) {
    const key = issue.path[0] as keyof typeof WINDOW_VARIABLES;
    ctx.addIssue({
      code: 'custom',
      path: [WINDOW_VARIABLES[key] ?? 'CHECKIN_SEND_DAYS'],
      message: issue.message,
    });
  }
}

/** A reminder after the check-in has expired would never be sent. */
function reminderBeforeExpiry(
  env: { CHECKIN_REMINDER_DAYS: number; CHECKIN_EXPIRY_DAYS: number },
  ctx: z.RefinementCtx,
): void {
  if (env.CHECKIN_REMINDER_DAYS >= env.CHECKIN_EXPIRY_DAYS) {
    ctx.addIssue({
      code: 'custom',
      path: ['CHECKIN_REMINDER_DAYS'],
      message: `must be less than CHECKIN_EXPIRY_DAYS (${env.CHECKIN_EXPIRY_DAYS}), or no reminder is ever sent`,
    });
  }
}

/** SMS needs all three Twilio settings; one or two alone is a mistake worth stopping for. */
function twilioAllOrNothing(
  env: { TWILIO_ACCOUNT_SID?: string; TWILIO_AUTH_TOKEN?: string; TWILIO_FROM?: string },
  ctx: z.RefinementCtx,
): void {
  const names = ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM'] as const;
  const missing = names.filter((name) => env[name] === undefined);
  if (missing.length === 0 || missing.length === names.length) return;
  for (const name of missing) {
    ctx.addIssue({
      code: 'custom',
      path: [name],
      message: `required for SMS when ${names.filter((n) => !missing.includes(n)).join(' and ')} is set`,
    });
  }
}

/** The Twilio settings when SMS is on (all three required ones set), otherwise undefined. */
export function twilioSettings(
  config: Config,
): { accountSid: string; authToken: string; from: string; apiBaseUrl?: string } | undefined {
  const { TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM, TWILIO_API_BASE_URL } = config;
  if (!TWILIO_ACCOUNT_SID || !TWILIO_AUTH_TOKEN || !TWILIO_FROM) return undefined;
  return {
    accountSid: TWILIO_ACCOUNT_SID,
    authToken: TWILIO_AUTH_TOKEN,
    from: TWILIO_FROM,
    ...(TWILIO_API_BASE_URL ? { apiBaseUrl: TWILIO_API_BASE_URL } : {}),
  };
}

export type Config = z.infer<typeof configSchema>;

/** Parses the environment; on a bad value throws an error naming each variable and its problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = checkedConfigSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
