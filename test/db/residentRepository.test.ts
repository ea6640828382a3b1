import { ResidentRepository, type SignUpRecord } from '../../src/db/residentRepository';
import { createTestDatabase, type TestDatabase } from '../support/db';

let db: TestDatabase;
let residents: ResidentRepository;
const clock = { current: new Date('2026-03-02T10:15:00Z'), now: () => clock.current };

beforeAll(async () => {
  db = await createTestDatabase();
  residents = new ResidentRepository(db.prisma, clock);
});
afterAll(() => db.drop());

const SHA = 'a'.repeat(64);

/** A complete, valid sign-up; override any part. */
function aSignUp(overrides: Partial<SignUpRecord> = {}): SignUpRecord {
  return {
    channel: 'sms',
    channelAddress: '+447700900123',
    conversationRef: { channelId: 'sms', conversation: { id: '+447700900123' } },
    consent: { statementVersion: '2026-01', textSha256: SHA, grantedAt: new Date('2026-03-02T10:00:00Z') },
    details: {
      firstName: 'Philippa',
      lastName: 'Quenby',
      dateOfBirth: '1971-08-14',
      postcode: 'DT1 1XJ',
      addressLine1: '12 Wollaston Road',
      ethnicityGroup: 'White',
      ethnicity: 'English, Welsh, Scottish, Northern Irish or British',
      email: 'philippa.quenby@example.org',
      phone: '+447700900123',
    },
    baseline: {
      heightCm: 165,
      weightKg: 82.5,
      bmi: 30.3,
      activeDays: 2,
      smokingStatus: 'CURRENT',
      cigarettesPerDay: 10,
      drinksPerWeek: 6,
      unitsPerWeek: 14.5,
    },
    goals: ['STOP_SMOKING', 'MOVE_MORE'],
    barrier: { label: 'Too tired after work', comB: 'CAPABILITY' },
    checkIns: [
      { wave: 'MONTH_3', dueAt: new Date('2026-06-02T09:00:00Z') },
      { wave: 'MONTH_6', dueAt: new Date('2026-09-02T09:00:00Z') },
      { wave: 'MONTH_12', dueAt: new Date('2027-03-02T10:00:00Z') },
    ],
    ...overrides,
  };
}

async function rowCounts() {
  const p = db.prisma;
  return {
    residents: await p.resident.count(),
    consents: await p.consent.count(),
    assessments: await p.assessment.count(),
    checkIns: await p.checkIn.count(),
    identities: await p.channelIdentity.count(),
    auditEvents: await p.auditEvent.count(),
  };
}

beforeEach(async () => {
  await db.prisma.resident.deleteMany();
  await db.prisma.auditEvent.deleteMany();
});

test('completeSignUp saves the resident, consent, baseline, check-ins, identity and an audit event', async () => {
  const record = aSignUp();
  const { residentId } = await residents.completeSignUp(record);

  const resident = await db.prisma.resident.findUniqueOrThrow({
    where: { id: residentId },
    include: { consents: true, assessments: true, checkIns: { orderBy: { dueAt: 'asc' } }, identities: true },
  });
  expect(resident).toMatchObject({
    firstName: 'Philippa',
    lastName: 'Quenby',
    dateOfBirth: new Date('1971-08-14T00:00:00Z'),
    postcode: 'DT1 1XJ',
    signUpChannel: 'sms',
    signedUpAt: clock.current,
    goals: ['STOP_SMOKING', 'MOVE_MORE'],
    barrier: 'Too tired after work',
    barrierComB: 'CAPABILITY',
  });
  expect(resident.consents).toEqual([
    expect.objectContaining({
      statementVersion: '2026-01',
      textSha256: SHA,
      channel: 'sms',
      withdrawnAt: null,
    }),
  ]);
  expect(resident.assessments).toEqual([
    expect.objectContaining({ kind: 'BASELINE', takenAt: clock.current, weightKg: 82.5, unitsPerWeek: 14.5 }),
  ]);
  expect(resident.checkIns.map((c) => [c.wave, c.dueAt, c.status])).toEqual(
    record.checkIns.map((c) => [c.wave, c.dueAt, 'SCHEDULED']),
  );
  expect(resident.identities).toEqual([
    expect.objectContaining({
      channel: 'sms',
      address: '+447700900123',
      conversationRef: record.conversationRef,
    }),
  ]);

  const audit = await db.prisma.auditEvent.findMany();
  expect(audit).toEqual([
    expect.objectContaining({
      actor: `resident:${residentId}`,
      action: 'resident.signed_up',
      entity: 'Resident',
      entityId: residentId,
      at: clock.current,
    }),
  ]);
});

test('the audit event holds no personal values', async () => {
  const record = aSignUp();
  await residents.completeSignUp(record);
  const audit = await db.prisma.auditEvent.findFirstOrThrow();
  const stored = JSON.stringify({ ...audit, id: String(audit.id) });
  const personal = [
    ...Object.values(record.details),
    record.baseline.weightKg,
    record.barrier?.label,
    record.channelAddress,
  ];
  for (const value of personal) {
    if (value !== null && value !== undefined) expect(stored).not.toContain(String(value));
  }
  expect(audit.details).toEqual({ channel: 'sms' });
});

test('when any part fails, nothing at all is saved', async () => {
  const record = aSignUp({
    checkIns: [
      { wave: 'MONTH_3', dueAt: new Date('2026-06-02T09:00:00Z') },
      { wave: 'MONTH_3', dueAt: new Date('2026-06-03T09:00:00Z') },
    ],
  });
  await expect(residents.completeSignUp(record)).rejects.toThrow();
  expect(await rowCounts()).toEqual({
    residents: 0,
    consents: 0,
    assessments: 0,
    checkIns: 0,
    identities: 0,
    auditEvents: 0,
  });
});

test.each<[string, (r: SignUpRecord) => void]>([
  ['a weight that is not a number', (r) => (r.baseline.weightKg = Number.NaN)],
  ['a negative number of drinks', (r) => (r.baseline.drinksPerWeek = -1)],
  ['active on 8 days a week', (r) => (r.baseline.activeDays = 8)],
  ['a date of birth that does not exist', (r) => (r.details.dateOfBirth = '1971-02-30')],
  ['an invalid consent time', (r) => (r.consent.grantedAt = new Date('not a date'))],
  ['an empty first name', (r) => (r.details.firstName = '  ')],
  ['the same goal twice', (r) => (r.goals = ['MOVE_MORE', 'MOVE_MORE'])],
])('rejects a record with %s, naming the field but not its value', async (_, spoil) => {
  const record = aSignUp();
  spoil(record);
  const error = await residents.completeSignUp(record).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).message).toMatch(/invalid sign-up record at \w+/);
  expect((error as Error).message).not.toContain('Philippa');
  expect((await rowCounts()).residents).toBe(0);
});

test('signing up again on an address moves that address to the new resident', async () => {
  const first = await residents.completeSignUp(aSignUp());
  const newRef = { channelId: 'sms', conversation: { id: 'again' } };
  const second = await residents.completeSignUp(
    aSignUp({ conversationRef: newRef, details: { ...aSignUp().details, firstName: 'Pippa' } }),
  );

  const identities = await db.prisma.channelIdentity.findMany();
  expect(identities).toEqual([
    expect.objectContaining({
      address: '+447700900123',
      residentId: second.residentId,
      conversationRef: newRef,
    }),
  ]);
  expect(await db.prisma.resident.count({ where: { id: first.residentId } })).toBe(1);
  expect(await residents.findByChannelAddress('sms', '+447700900123')).toEqual({
    residentId: second.residentId,
    firstName: 'Pippa',
  });
});

test('findByChannelAddress finds residents whose latest consent stands, and no one else', async () => {
  const { residentId } = await residents.completeSignUp(aSignUp());
  expect(await residents.findByChannelAddress('sms', '+447700900123')).toEqual({
    residentId,
    firstName: 'Philippa',
  });
  expect(await residents.findByChannelAddress('directline', '+447700900123')).toBeNull();
  expect(await residents.findByChannelAddress('sms', '+447700900999')).toBeNull();

  await db.prisma.consent.updateMany({ where: { residentId }, data: { withdrawnAt: clock.current } });
  expect(await residents.findByChannelAddress('sms', '+447700900123')).toBeNull();

  await db.prisma.consent.create({
    data: {
      residentId,
      statementVersion: '2026-02',
      textSha256: SHA,
      channel: 'sms',
      grantedAt: new Date('2026-04-01T09:00:00Z'),
    },
  });
  expect(await residents.findByChannelAddress('sms', '+447700900123')).toEqual({
    residentId,
    firstName: 'Philippa',
  });
});

test('saveConversationRef updates a known address and reports an unknown one', async () => {
  await residents.completeSignUp(aSignUp());
  const ref = {
    channelId: 'sms',
    conversation: { id: 'later', isGroup: false, conversationType: 'personal', name: '' },
  };
  expect(await residents.saveConversationRef('sms', '+447700900123', ref)).toBe(true);
  expect(await residents.saveConversationRef('sms', '+447700900999', ref)).toBe(false);
  const identity = await db.prisma.channelIdentity.findFirstOrThrow();
  expect(identity.conversationRef).toEqual(ref);
});
