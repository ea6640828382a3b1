import { loadConfig } from '../../src/config';

describe('configuration', () => {
  test('nothing set gives the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      PORT: 3978,
      HOST: '127.0.0.1',
      PUBLIC_BASE_URL: 'http://localhost:3978',
      MINIMUM_AGE: 18,
      SERVICE_POSTCODE_AREAS: ['BH', 'DT'],
      TRANSCRIPT_RETENTION_HOURS: 24,
      CONVERSATION_STATE_RETENTION_DAYS: 30,
      CHECKIN_SEND_DAYS: [1, 2, 3, 4, 5],
      CHECKIN_SEND_START: '09:00',
      CHECKIN_SEND_END: '18:30',
      CHECKIN_REMINDER_DAYS: 3,
      CHECKIN_EXPIRY_DAYS: 14,
    });
    expect(c.DATABASE_URL).toBeUndefined();
  });

  test.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PUBLIC_BASE_URL: 'not a url' }, 'PUBLIC_BASE_URL'],
    [{ DATABASE_URL: 'nonsense' }, 'DATABASE_URL'],
    [{ DIRECT_LINE_SECRET: 'short' }, 'DIRECT_LINE_SECRET'],
    [{ DIRECT_LINE_TOKEN_TTL_SECONDS: '600' }, 'DIRECT_LINE_TOKEN_TTL_SECONDS'],
    [{ SERVICE_POSTCODE_AREAS: 'BH,D7' }, 'SERVICE_POSTCODE_AREAS'],
    [{ TRUST_PROXY: 'maybe' }, 'TRUST_PROXY'],
    [{ CHECKIN_SEND_START: '9am' }, 'CHECKIN_SEND_START'],
    [{ CHECKIN_SEND_DAYS: '1,8' }, 'CHECKIN_SEND_DAYS'],
    [{ CHECKIN_REMINDER_DAYS: '14', CHECKIN_EXPIRY_DAYS: '14' }, 'CHECKIN_REMINDER_DAYS'],
    [{ CHECKIN_SEND_START: '18:30', CHECKIN_SEND_END: '09:00' }, 'CHECKIN_SEND_END: must be after start'],
    [{ CHECKIN_SEND_DAYS: '1,1,2' }, 'CHECKIN_SEND_DAYS: lists a day twice'],
    [{ TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}` }, 'TWILIO'],
  ])('%j stops start-up naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(new RegExp(`Invalid configuration:[\\s\\S]*${name}`));
  });
});
