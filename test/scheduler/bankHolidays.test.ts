import {
  BANK_HOLIDAYS,
  BANK_HOLIDAYS_COVER,
  bankHolidayLookup,
  bankHolidaysByRule,
  easterSunday,
  isBankHoliday,
} from '../../src/scheduler/bankHolidays';

describe('the bank holiday list', () => {
  test('covers 2025 to 2030', () => {
    expect(BANK_HOLIDAYS_COVER).toEqual({ from: 2025, to: 2030 });
    const years = new Set(BANK_HOLIDAYS.map((d) => Number(d.slice(0, 4))));
    expect([...years].sort()).toEqual([2025, 2026, 2027, 2028, 2029, 2030]);
  });

  test.each([2025, 2026, 2027, 2028, 2029, 2030])('%i matches the rules exactly', (year) => {
    const listed = BANK_HOLIDAYS.filter((d) => d.startsWith(`${year}-`));
    expect(listed).toEqual(bankHolidaysByRule(year));
  });

  test('is sorted with no repeats', () => {
    expect([...BANK_HOLIDAYS].sort()).toEqual(BANK_HOLIDAYS);
    expect(new Set(BANK_HOLIDAYS).size).toBe(BANK_HOLIDAYS.length);
  });

  // As published on gov.uk/bank-holidays, including the substitute days.
  test.each([
    ['2025-04-18', 'Good Friday 2025'],
    ['2025-12-26', 'Boxing Day 2025'],
    ['2026-04-06', 'Easter Monday 2026'],
    ['2026-08-31', 'Summer bank holiday 2026'],
    ['2026-12-28', 'Boxing Day 2026, substitute for Saturday'],
    ['2027-03-29', 'Easter Monday 2027'],
    ['2027-12-27', 'Christmas Day 2027, substitute for Saturday'],
    ['2027-12-28', 'Boxing Day 2027, substitute for Sunday'],
    ['2028-01-03', "New Year's Day 2028, substitute for Saturday"],
    ['2028-05-29', 'Spring bank holiday 2028'],
  ])('%s is a bank holiday (%s)', (date) => {
    expect(isBankHoliday(date)).toBe(true);
  });

  test.each(['2026-12-26', '2027-12-25', '2028-01-01', '2026-04-05', '2026-06-02'])(
    '%s is not (a weekend day whose holiday moved, or an ordinary day)',
    (date) => {
      expect(isBankHoliday(date)).toBe(false);
    },
  );
});

describe('the rules', () => {
  test.each([
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('Easter Sunday %i is %s', (year, date) => {
    expect(easterSunday(year).toISOString().slice(0, 10)).toBe(date);
  });

  test('move Christmas on a Sunday past a weekday Boxing Day (2022, as published)', () => {
    expect(bankHolidaysByRule(2022).slice(-2)).toEqual(['2022-12-26', '2022-12-27']);
    expect(bankHolidaysByRule(2023)[0]).toBe('2023-01-02');
  });
});

describe('beyond the listed years', () => {
  test('a date is answered by the rules, and says so', () => {
    expect(bankHolidayLookup('2031-12-25')).toEqual({ holiday: true, source: 'rules' });
    expect(bankHolidayLookup('2031-04-14')).toEqual({ holiday: true, source: 'rules' }); // Easter Monday
    expect(bankHolidayLookup('2031-04-15')).toEqual({ holiday: false, source: 'rules' });
    expect(bankHolidayLookup('2024-12-26')).toEqual({ holiday: true, source: 'rules' });
  });

  test('a date inside them is answered by the list', () => {
    expect(bankHolidayLookup('2026-12-28')).toEqual({ holiday: true, source: 'list' });
  });

  test('a malformed date is refused', () => {
    expect(() => isBankHoliday('25/12/2026')).toThrow(RangeError);
  });
});
