import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, ConversationState } from 'botbuilder';
import restify from 'restify';
import { z } from 'zod';
import { MainDialog } from '../dialogs/mainDialog';
import { ChannelCheckInSender } from './bot/checkInSender';
import { trustedChannel } from './bot/identity';
import { LiveWellBot, onTurnError } from './bot/livewellBot';
import { DirectLineAdapter, registerDirectLine } from './channels/directLine';
import {
  SMS_STATUS_PATH,
  TwilioSmsAdapter,
  createTwilioSender,
  registerTwilioSms,
  type SmsChannel,
} from './channels/twilioSms';
import { twilioSettings, type Config } from './config';
import { CheckInRepository } from './db/checkInRepository';
import { ConversationLock } from './db/conversationLock';
import { DirectLineStore } from './db/directLineStore';
import type { PrismaClient } from './db/prisma';
import { PrismaStorage } from './db/prismaStorage';
import { ResidentRepository } from './db/residentRepository';
import { SmsRepository } from './db/smsRepository';
import type { Clock } from './domain/clock';
import { describeError, type Logger } from './logger';
import { CheckInScheduler } from './scheduler/checkInScheduler';
import { SendWindow } from './scheduler/sendWindow';
import { RateLimiter, rateLimitPosts } from './web/rateLimit';
import { registerChatPage } from './web/staticPages';
import { registerWebChatToken } from './web/webchatToken';

/** What the composition root hands the application; tests hand in a test database and a manual clock. */
export interface AppDeps {
  config: Config;
  databaseUrl: string;
  prisma: PrismaClient;
  clock: Clock;
  logger: Logger;
  /** How the SMS channel waits between Twilio retries; tests pass one that returns at once. */
  sleep?: (ms: number) => Promise<void>;
}

export interface App {
  server: restify.Server;
  /** Sends check-ins when due; tests call its tick() with their own clock. */
  scheduler: CheckInScheduler;
  /** The SMS channel, when TWILIO_* settings turn it on. */
  sms: SmsChannel | undefined;
  /** Deletes transcripts and idle conversation state past their retention; also on a timer once listening. */
  purgeExpired(): Promise<{ transcripts: number; conversationStates: number }>;
  listen(port: number, host: string): Promise<string>;
  close(): Promise<void>;
}

const PURGE_EVERY_MS = 15 * 60 * 1000;

/** The least an activity from Azure Bot Service or the Emulator has; the rest is botbuilder's to read. */
const inboundActivitySchema = z.looseObject({
  type: z.string().min(1).max(100),
  channelId: z.string().min(1).max(100),
  serviceUrl: z.url(),
  conversation: z.looseObject({ id: z.string().min(1).max(1000) }),
});

/** Builds the bot and its HTTP server from its collaborators. The only place things are wired. */
export function createApp({ config, databaseUrl, prisma, clock, logger, sleep }: AppDeps): App {
  const residents = new ResidentRepository(prisma, clock);
  const stateStorage = new PrismaStorage(prisma, clock);
  const conversationState = new ConversationState(stateStorage);
  // "Not now" and "stop check-ins" go through the scheduler, which is built once the channels are.
  const checkIns = new CheckInRepository(prisma, clock, {
    postpone: (id) => scheduler.postpone(id),
    cancelRemaining: (residentId, reason) => scheduler.cancelRemaining(residentId, reason),
  });
  const mainDialog = new MainDialog({
    clock,
    settings: { minimumAge: config.MINIMUM_AGE, serviceAreas: config.SERVICE_POSTCODE_AREAS },
    signUps: residents,
    checkIns,
  });
  const bot = new LiveWellBot(conversationState, mainDialog);
  const lock = new ConversationLock(databaseUrl);

  const server = restify.createServer({ name: 'livewell-dorset-bot' });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.pre((req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    return next();
  });

  // Starting chats writes rows and runs a turn: limit how fast one client can do it.
  server.pre(
    rateLimitPosts(
      ['/webchat/token', '/v3/directline/conversations', '/v3/directline/tokens/generate'],
      new RateLimiter(config.RATE_LIMIT_PER_MINUTE, clock),
      config.TRUST_PROXY,
    ),
  );

  // Built-in Direct Line: the website chat with no Azure subscription.
  const directLineSecret = config.DIRECT_LINE_SECRET ?? randomBytes(32).toString('base64url');
  if (!config.DIRECT_LINE_SECRET)
    logger.warn('config.direct_line_secret_generated', {
      note: 'set DIRECT_LINE_SECRET to share one across instances',
    });
  const directLineStore = new DirectLineStore(prisma, clock);
  const directLineAdapter = new DirectLineAdapter(directLineStore, clock);
  directLineAdapter.onTurnError = onTurnError(logger);
  directLineAdapter.use(trustedChannel('directline'));
  const directLine = registerDirectLine(server, {
    secret: directLineSecret,
    tokenTtlSeconds: config.DIRECT_LINE_TOKEN_TTL_SECONDS,
    transcriptRetentionMs: config.TRANSCRIPT_RETENTION_HOURS * 3600 * 1000,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    clock,
    store: directLineStore,
    adapter: directLineAdapter,
    bot: (context) => bot.run(context),
    runTurn: (conversationId, fn) => lock.run(`directline:${conversationId}`, fn),
    logger,
  });
  registerWebChatToken(server, {
    secret: directLineSecret,
    tokenTtlSeconds: config.DIRECT_LINE_TOKEN_TTL_SECONDS,
    clock,
    cookieSecure: config.PUBLIC_BASE_URL.startsWith('https:'),
  });
  registerChatPage(server);

  // Azure Bot Service and the Bot Framework Emulator (anonymous only when no app id is set).
  const cloudAdapter = new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: config.MicrosoftAppId,
      MicrosoftAppPassword: config.MicrosoftAppPassword,
      MicrosoftAppType: config.MicrosoftAppType,
      MicrosoftAppTenantId: config.MicrosoftAppTenantId,
    }),
  );
  cloudAdapter.onTurnError = onTurnError(logger);
  server.post(
    '/api/messages',
    restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false }),
    async (req, res) => {
      // CloudAdapter answers 500 to JSON that is not an activity; say what is wrong instead.
      if (!inboundActivitySchema.safeParse(req.body).success) {
        res.json(400, {
          error: { code: 'BadArgument', message: 'The body must be a Bot Framework activity.' },
        });
        return;
      }
      await cloudAdapter.process(req, res, (context) => bot.run(context));
    },
  );

  // SMS through Twilio (only when TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM are set):
  // the same bot, one conversation per phone number, each phone's turns under its own lock.
  const twilio = twilioSettings(config);
  const smsRecords = new SmsRepository(prisma, clock);
  let sms: SmsChannel | undefined;
  if (twilio) {
    const publicBaseUrl = config.PUBLIC_BASE_URL.replace(/\/+$/, '');
    const smsAdapter = new TwilioSmsAdapter({
      sender: createTwilioSender({ ...twilio, statusCallbackUrl: `${publicBaseUrl}${SMS_STATUS_PATH}` }),
      records: smsRecords,
      logger,
      sleep,
    });
    smsAdapter.onTurnError = onTurnError(logger);
    smsAdapter.use(trustedChannel('sms'));
    sms = registerTwilioSms(server, {
      accountSid: twilio.accountSid,
      authToken: twilio.authToken,
      publicBaseUrl,
      trustProxy: config.TRUST_PROXY,
      records: smsRecords,
      adapter: smsAdapter,
      bot: (context) => bot.run(context),
      runExclusive: (phone, fn) => lock.run(`sms:${phone}`, fn),
      clock,
      logger,
    });
  }

  // Check-ins at 3, 6 and 12 months: claimed with leases in PostgreSQL, so any number of
  // instances send each exactly once; SMS residents are texted, web chat residents offered it on return.
  const scheduler: CheckInScheduler = new CheckInScheduler({
    prisma,
    clock,
    instanceId: `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
    sender: new ChannelCheckInSender({
      checkIns,
      startConversation: (context, options) => bot.startConversation(context, options),
      sms,
    }),
    optOuts: smsRecords,
    window: new SendWindow(
      { days: config.CHECKIN_SEND_DAYS, start: config.CHECKIN_SEND_START, end: config.CHECKIN_SEND_END },
      logger,
    ),
    logger,
    leaseMs: config.CHECKIN_LEASE_SECONDS * 1000,
    reminderAfterDays: config.CHECKIN_REMINDER_DAYS,
    expiryDays: config.CHECKIN_EXPIRY_DAYS,
    pollIntervalMs: config.CHECKIN_POLL_SECONDS * 1000,
  });

  server.get('/healthz', async (_req, res) => {
    try {
      await prisma.$queryRaw`SELECT 1`;
      res.json(200, { status: 'ok', database: 'ok' });
    } catch (error) {
      logger.error('health.database_unreachable', describeError(error));
      res.json(503, { status: 'unavailable', database: 'unreachable' });
    }
  });

  server.on('restifyError', (req, res, err, callback) => {
    logger.warn('http.error', { status: err.statusCode, route: req.getRoute()?.path ?? 'unknown' });
    return callback();
  });

  let purgeTimer: NodeJS.Timeout | undefined;
  /** Deletes what we no longer need: old chat transcripts and idle conversation state. */
  const purgeExpired = async () => {
    try {
      const transcripts = await directLine.purgeExpired();
      const idleSince = new Date(
        clock.now().getTime() - config.CONVERSATION_STATE_RETENTION_DAYS * 86_400_000,
      );
      const states = await stateStorage.deleteIdleSince(idleSince);
      if (transcripts || states) logger.info('retention.purged', { transcripts, conversationStates: states });
      return { transcripts, conversationStates: states };
    } catch (error) {
      logger.error('retention.purge_failed', describeError(error));
      return { transcripts: 0, conversationStates: 0 };
    }
  };

  return {
    server,
    sms,
    scheduler,
    purgeExpired,
    async listen(port, host) {
      await new Promise<void>((resolve) => server.listen(port, host, resolve));
      void purgeExpired();
      purgeTimer = setInterval(() => void purgeExpired(), PURGE_EVERY_MS);
      purgeTimer.unref();
      sms?.start();
      if (config.CHECKIN_SCHEDULER_ENABLED) scheduler.start();
      const address = server.address();
      return `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`;
    },
    async close() {
      clearInterval(purgeTimer);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await scheduler.stop();
      await sms?.close();
      await lock.close();
    },
  };
}
