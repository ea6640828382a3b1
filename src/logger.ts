/** Structured logs, one JSON object a line. Callers pass ids and counts, never a resident's answers. */
export interface Logger {
  debug(event: string, meta?: Record<string, unknown>): void;
  info(event: string, meta?: Record<string, unknown>): void;
  warn(event: string, meta?: Record<string, unknown>): void;
  error(event: string, meta?: Record<string, unknown>): void;
}

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
type Level = (typeof LEVELS)[number];

export function createLogger(
  minLevel: Level,
  write: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
): Logger {
  const min = LEVELS.indexOf(minLevel);
  const log = (level: Level) => (event: string, meta?: Record<string, unknown>) => {
    if (LEVELS.indexOf(level) < min) return;
    write(JSON.stringify({ time: new Date().toISOString(), level, event, ...meta }));
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** A logger that keeps lines in memory, for tests that check what is (not) logged. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(
    createLogger('debug', (l) => lines.push(l)),
    { lines },
  );
}

/** What may be logged about an error: its kind and where, not its message (which can echo input). */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { errorType: typeof error };
  const code = (error as { code?: unknown }).code;
  const frame = error.stack
    ?.split('\n')
    .find((l) => l.trim().startsWith('at '))
    ?.trim();
  return { errorType: error.name, ...(typeof code === 'string' ? { errorCode: code } : {}), at: frame };
}
