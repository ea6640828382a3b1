import { ageOn, checkInDueDates, londonDate, SERVICE, SERVICE_TIME_ZONE } from '../../../src/domain';

describe('londonDate', () => {
  test.each([
    ['2026-12-03T12:00:00Z', '2026-12-03'],
    // 23:30 UTC in summer is already tomorrow in London (BST, UTC+1).
    ['2026-07-14T23:30:00Z', '2026-07-15'],
    // In winter London is on UTC.
    ['2026-01-14T23:30:00Z', '2026-01-14'],
    ['2026-03-29T00:30:00Z', '2026-03-29'],
  ])('%p => %p', (instant, expected) => {
    expect(londonDate(new Date(instant))).toBe(expected);
  });

  test('the service zone is London', () => {
    expect(SERVICE_TIME_ZONE).toBe('Europe/London');
  });
});

describe('checkInDueDates', () => {
  const due = (signedUp: string) =>
    checkInDueDates(new Date(signedUp)).map((c) => [c.wave, c.dueAt.toISOString()]);

  test('3, 6 and 12 months later, at the same London time across clock changes', () => {
    // 10:00 BST on 15 July 2026.
    expect(due('2026-07-15T09:00:00Z')).toEqual([
      ['MONTH_3', '2026-10-15T09:00:00.000Z'], // still BST
      ['MONTH_6', '2027-01-15T10:00:00.000Z'], // 10:00 GMT
      ['MONTH_12', '2027-07-15T09:00:00.000Z'],
    ]);
  });

  test('a sign-up in GMT falls due in BST at the same wall-clock time', () => {
    // 10:00 GMT on 10 January 2026.
    expect(due('2026-01-10T10:00:00Z')).toEqual([
      ['MONTH_3', '2026-04-10T09:00:00.000Z'],
      ['MONTH_6', '2026-07-10T09:00:00.000Z'],
      ['MONTH_12', '2027-01-10T10:00:00.000Z'],
    ]);
  });

  test('a day the month does not have becomes its last day', () => {
    expect(due('2026-01-31T10:00:00Z')).toEqual([
      ['MONTH_3', '2026-04-30T09:00:00.000Z'],
      ['MONTH_6', '2026-07-31T09:00:00.000Z'],
      ['MONTH_12', '2027-01-31T10:00:00.000Z'],
    ]);
    expect(due('2028-02-29T12:00:00Z')[2]).toEqual(['MONTH_12', '2029-02-28T12:00:00.000Z']);
    expect(due('2026-08-31T08:00:00Z')[1]).toEqual(['MONTH_6', '2027-02-28T09:00:00.000Z']);
  });

  test('late evening uses the London date, not the UTC one', () => {
    // 00:30 BST on 1 August 2026 is 23:30 UTC on 31 July.
    // Due 00:30 on 1 November, by then GMT; the UTC date would have given 31 October.
    expect(due('2026-07-31T23:30:00Z')[0]).toEqual(['MONTH_3', '2026-11-01T00:30:00.000Z']);
  });

  test('an invalid Date is a programming mistake', () => {
    expect(() => checkInDueDates(new Date('not a date'))).toThrow(RangeError);
  });
});

describe('ageOn', () => {
  test.each([
    ['1980-03-12', '2026-03-11', 45],
    ['1980-03-12', '2026-03-12', 46],
    ['1980-03-12', '2026-12-03', 46],
    ['2026-12-03', '2026-12-03', 0],
    ['2008-02-29', '2026-02-28', 17],
    ['2008-02-29', '2026-03-01', 18],
    ['2008-02-29', '2028-02-29', 20],
  ])('born %p, on %p => %p', (dateOfBirth, today, age) => {
    expect(ageOn(dateOfBirth, today)).toBe(age);
  });

  test.each([
    ['12/03/1980', '2026-12-03'],
    ['1980-02-30', '2026-12-03'],
  ])('%p is a programming mistake', (dateOfBirth, today) => {
    expect(() => ageOn(dateOfBirth, today)).toThrow(RangeError);
  });
});

describe('SERVICE', () => {
  test('uses the service wording', () => {
    expect(SERVICE).toEqual({
      name: 'LiveWell Dorset',
      phone: '0800 840 1628',
      phoneSpoken: 'freephone 0800 840 1628',
      hours: 'Monday to Friday, 9am to 6:30pm',
    });
  });
});
