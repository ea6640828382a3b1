import {
  addressLineAnswer,
  dateOfBirthAnswer,
  firstNameAnswer,
  lastNameAnswer,
  optionalEmailAnswer,
  optionalUkPhoneAnswer,
  parseAnswer,
  postcodeAnswer,
  ukPhoneNumber,
} from '../../../src/domain';

describe('firstNameAnswer and lastNameAnswer', () => {
  test.each([
    ['Sam', 'Sam'],
    ['  Sam  ', 'Sam'],
    ['Mary-Jane', 'Mary-Jane'],
    ['Mary - Jane', 'Mary-Jane'],
    ['Anne   Marie', 'Anne Marie'],
    ["O'Brien", "O'Brien"],
    ['O\u2019Brien', "O'Brien"],
    ['Zoë', 'Zoë'],
    ['Zoe\u0308', 'Zoë'],
    ['José', 'José'],
    ['Łukasz', 'Łukasz'],
    ['Саша', 'Саша'],
    ['محمد', 'محمد'],
    ['美玲', '美玲'],
    ['J', 'J'],
    ['A'.repeat(50), 'A'.repeat(50)],
  ])('first name %p => %p', (input, expected) => {
    expect(parseAnswer(firstNameAnswer, input)).toEqual({ ok: true, value: expected });
    expect(parseAnswer(lastNameAnswer, input)).toEqual({ ok: true, value: expected });
  });

  test.each([
    ['', 'Enter your first name, like Sam'],
    ['   ', 'Enter your first name, like Sam'],
    ['---', 'Enter your first name, like Sam'],
    ['A'.repeat(51), 'Your first name must be 50 characters or fewer. Enter your first name, like Sam'],
    [
      'Sam2',
      'Your first name can only include letters, spaces, hyphens and apostrophes. Enter your first name, like Sam',
    ],
    [
      '123',
      'Your first name can only include letters, spaces, hyphens and apostrophes. Enter your first name, like Sam',
    ],
    [
      'Sam 😀',
      'Your first name can only include letters, spaces, hyphens and apostrophes. Enter your first name, like Sam',
    ],
    [
      '😀',
      'Your first name can only include letters, spaces, hyphens and apostrophes. Enter your first name, like Sam',
    ],
    [
      "'; DROP TABLE residents;--",
      'Your first name can only include letters, spaces, hyphens and apostrophes. Enter your first name, like Sam',
    ],
    [
      '<script>alert(1)</script>',
      'Your first name can only include letters, spaces, hyphens and apostrophes. Enter your first name, like Sam',
    ],
    [
      'sam@example.com',
      'Your first name can only include letters, spaces, hyphens and apostrophes. Enter your first name, like Sam',
    ],
  ])('first name %p fails with %p', (input, message) => {
    expect(parseAnswer(firstNameAnswer, input)).toEqual({ ok: false, message });
  });

  test('the last name message asks for a last name', () => {
    expect(parseAnswer(lastNameAnswer, '')).toEqual({
      ok: false,
      message: 'Enter your last name, like Smith',
    });
    expect(parseAnswer(lastNameAnswer, 'Smith1')).toEqual({
      ok: false,
      message:
        'Your last name can only include letters, spaces, hyphens and apostrophes. Enter your last name, like Smith',
    });
  });

  test('a 5,000 character name is refused by the schema itself too', () => {
    expect(firstNameAnswer.safeParse('a'.repeat(5000)).success).toBe(false);
  });
});

describe('dateOfBirthAnswer', () => {
  const dateOfBirth = dateOfBirthAnswer({ today: '2026-12-03', minimumAge: 0 });
  const ASK = 'Enter your date of birth as day, month and year, like 12/03/1980';

  test.each([
    ['12/03/1980', '1980-03-12'],
    ['12-3-80', '1980-03-12'],
    ['12.03.1980', '1980-03-12'],
    ['12 03 1980', '1980-03-12'],
    ['12 / 03 / 1980', '1980-03-12'],
    ['1980-03-12', '1980-03-12'],
    ['12031980', '1980-03-12'],
    ['12 March 1980', '1980-03-12'],
    ['12th Mar 1980', '1980-03-12'],
    ['12th of March, 1980', '1980-03-12'],
    ['March 12 1980', '1980-03-12'],
    ['March 12th, 1980', '1980-03-12'],
    ['12-Mar-80', '1980-03-12'],
    ['12 MARCH 1980', '1980-03-12'],
    ['3 Sept 1975', '1975-09-03'],
    ['3 Febuary 1990', '1990-02-03'],
    ['1/2/03', '2003-02-01'],
    ['12/03/05', '2005-03-12'],
    ['12/03/80', '1980-03-12'],
    ['01/01/20', '2020-01-01'],
    ['01/01/27', '1927-01-01'],
    // Today in 1926 would make them 100, not -73.
    ['31/12/26', '1926-12-31'],
    ['03/12/2010', '2010-12-03'],
    ['29/02/1984', '1984-02-29'],
    ['04/12/1906', '1906-12-04'],
  ])('%p => %p', (input, expected) => {
    expect(parseAnswer(dateOfBirth, input)).toEqual({ ok: true, value: expected });
  });

  test.each([
    ['', ASK],
    ['   ', ASK],
    ['yesterday', ASK],
    ['1980', ASK],
    ['March 1980', ASK],
    ['12/03', ASK],
    ['12/03/198', ASK],
    ['😀', ASK],
    ["'; DROP TABLE residents;--", ASK],
    ['<script>alert(1)</script>', ASK],
    [
      '31/02/1990',
      'That date does not exist. Check the day and month, and enter your date of birth like 12/03/1980',
    ],
    [
      '29/02/1990',
      'That date does not exist. Check the day and month, and enter your date of birth like 12/03/1980',
    ],
    // Month first is not read as US style: there is no 25th month.
    [
      '03/25/1980',
      'That date does not exist. Check the day and month, and enter your date of birth like 12/03/1980',
    ],
    [
      '00/01/1980',
      'That date does not exist. Check the day and month, and enter your date of birth like 12/03/1980',
    ],
    ['04/12/2026', `Your date of birth must be in the past. ${ASK}`],
    ['01/01/2030', `Your date of birth must be in the past. ${ASK}`],
    ['02/12/1905', `Check the year you were born. ${ASK}`],
    ['01/01/1066', `Check the year you were born. ${ASK}`],
  ])('%p fails with %p', (input, message) => {
    expect(parseAnswer(dateOfBirth, input)).toEqual({ ok: false, message });
  });

  test.each([
    ['04/12/2010', 15],
    ['3 December 2026', 0],
    ['01/01/17', 9],
  ])('someone born %p (aged %p) is under the minimum age', (input) => {
    const over16 = dateOfBirthAnswer({ today: '2026-12-03', minimumAge: 16 });
    expect(parseAnswer(over16, input)).toEqual({
      ok: false,
      message: 'Thank you for telling us. You need to be 16 or older to sign up to LiveWell Dorset here.',
      reason: 'under_minimum_age',
    });
  });

  test('the minimum age comes from the options', () => {
    const adultsOnly = dateOfBirthAnswer({ today: '2026-12-03', minimumAge: 18 });
    expect(parseAnswer(adultsOnly, '03/12/2008')).toEqual({ ok: true, value: '2008-12-03' });
    expect(parseAnswer(adultsOnly, '04/12/2008')).toMatchObject({
      ok: false,
      message: expect.stringContaining('18 or older'),
      reason: 'under_minimum_age',
    });
  });

  test('a two-digit year follows today, not the clock', () => {
    const in2090 = dateOfBirthAnswer({ today: '2090-06-01', minimumAge: 16 });
    expect(parseAnswer(in2090, '12/03/70')).toEqual({ ok: true, value: '2070-03-12' });
    expect(parseAnswer(in2090, '12/03/95')).toEqual({ ok: true, value: '1995-03-12' });
  });

  test('a bad today is a programming mistake and fails fast', () => {
    expect(() => dateOfBirthAnswer({ today: '03/12/2026', minimumAge: 16 })).toThrow(RangeError);
  });
});

describe('postcodeAnswer', () => {
  const postcode = postcodeAnswer({ serviceAreas: ['BH', 'DT', 'SP', 'ba'] });
  const ASK = 'Enter your full postcode, like BH1 1AA';
  const OUTSIDE =
    'LiveWell Dorset covers Bournemouth, Poole and Dorset, and that postcode is outside our area. ' +
    'If you live here, check your postcode and enter it again, like BH1 1AA';

  test.each([
    ['BH1 1AA', 'BH1 1AA'],
    ['bh11aa', 'BH1 1AA'],
    ['BH1  1AA', 'BH1 1AA'],
    ['bh1-1aa', 'BH1 1AA'],
    [' Bh1 1aA. ', 'BH1 1AA'],
    ['BH15 1AB', 'BH15 1AB'],
    ['dt1 1xj', 'DT1 1XJ'],
    ['SP7 8JB', 'SP7 8JB'],
    ['BA12 6QE', 'BA12 6QE'],
    // A letter O typed for a zero, and the other way round.
    ['BH1 1A0', 'BH1 1AO'],
  ])('%p => %p', (input, expected) => {
    expect(parseAnswer(postcode, input)).toEqual({ ok: true, value: expected });
  });

  test.each([['SW1A 2AA'], ['m1 1ae'], ['SO14 7DU'], ['B1 1AA']])(
    '%p is outside the service area',
    (input) => {
      expect(parseAnswer(postcode, input)).toEqual({
        ok: false,
        message: OUTSIDE,
        reason: 'outside_service_area',
      });
    },
  );

  test.each([
    ['', ASK],
    ['   ', ASK],
    ['hello', ASK],
    ['BH1 1A', ASK],
    ['12345', ASK],
    ['BH1 1AAA', ASK],
    ['😀', ASK],
    ["'; DROP TABLE residents;--", ASK],
    ['<script>alert(1)</script>', ASK],
    ['BH1', 'Enter your full postcode, including the last 3 characters, like BH1 1AA'],
    ['dt11', 'Enter your full postcode, including the last 3 characters, like DT11 1AA'],
  ])('%p fails with %p', (input, message) => {
    expect(parseAnswer(postcode, input)).toEqual({ ok: false, message });
  });
});

describe('addressLineAnswer', () => {
  const ASK = 'Enter the first line of your address, like 12 High Street';
  const CHARACTERS = `Use only letters, numbers, spaces and simple punctuation. ${ASK}`;

  test.each([
    ['12 High Street', '12 High Street'],
    ['  12   High Street ', '12 High Street'],
    ['Flat 2/1, St. Mary\u2019s Court', "Flat 2/1, St. Mary's Court"],
    ['Rose Cottage', 'Rose Cottage'],
    ['3-5 Church Lane (rear)', '3-5 Church Lane (rear)'],
    ['Ty Gwyn, Heol-y-Bryn', 'Ty Gwyn, Heol-y-Bryn'],
    ['Oa', 'Oa'],
    ['1 ' + 'A'.repeat(98), '1 ' + 'A'.repeat(98)],
  ])('%p => %p', (input, expected) => {
    expect(parseAnswer(addressLineAnswer, input)).toEqual({ ok: true, value: expected });
  });

  test.each([
    ['', ASK],
    ['   ', ASK],
    ['A', ASK],
    ['12', ASK],
    ['12 / 3', ASK],
    ['1 ' + 'A'.repeat(99), 'Enter just the first line of your address, like 12 High Street'],
    ['😀 House', CHARACTERS],
    ["'; DROP TABLE residents;--", CHARACTERS],
    ['<script>alert(1)</script>', CHARACTERS],
  ])('%p fails with %p', (input, message) => {
    expect(parseAnswer(addressLineAnswer, input)).toEqual({ ok: false, message });
  });
});

describe('optionalEmailAnswer', () => {
  const ASK = 'Enter your email address, like name@example.com, or reply skip if you do not have one';

  test.each([
    ['sam@example.com', 'sam@example.com'],
    ['Sam.Smith@Example.CO.UK', 'Sam.Smith@example.co.uk'],
    [' sam+livewell@gmail.com ', 'sam+livewell@gmail.com'],
    ['sam @ example.com', 'sam@example.com'],
    ['mailto:sam@example.com', 'sam@example.com'],
  ])('%p => %p', (input, expected) => {
    expect(parseAnswer(optionalEmailAnswer, input)).toEqual({ ok: true, value: expected });
  });

  test.each([
    'skip',
    'Skip',
    'none',
    'no',
    'n/a',
    'N/A',
    'na',
    "I don't have one",
    'i dont have one',
    "I don't have an email",
    'no email',
    'skpi',
  ])('%p skips the question', (input) => {
    expect(parseAnswer(optionalEmailAnswer, input)).toEqual({ ok: true, value: null });
  });

  test.each([
    '',
    '   ',
    'sam',
    'sam@',
    'sam@example',
    '@example.com',
    'sam@@example.com',
    'sam example.com',
    `${'a'.repeat(250)}@example.com`,
    '😀@example.com',
    "'; DROP TABLE residents;--",
    '<script>alert(1)</script>',
    '<script>@example.com',
  ])('%p fails with the example', (input) => {
    expect(parseAnswer(optionalEmailAnswer, input)).toEqual({ ok: false, message: ASK });
  });
});

describe('optionalUkPhoneAnswer and ukPhoneNumber', () => {
  const ASK = 'Enter a UK mobile or landline number, like 07700 900123 or 01202 123456';
  const NOT_UK = 'We can only call UK phone numbers. Enter a UK mobile or landline number, like 07700 900123';

  test.each([
    ['07700 900123', '+447700900123'],
    ['07700900123', '+447700900123'],
    ['+44 7700 900123', '+447700900123'],
    ['+447700900123', '+447700900123'],
    ['0044 7700 900123', '+447700900123'],
    ['+44 (0)7700 900123', '+447700900123'],
    ['07700-900-123', '+447700900123'],
    ['01202 123456', '+441202123456'],
    ['(01202) 123456', '+441202123456'],
    ['01305 224400', '+441305224400'],
    ['020 7946 0123', '+442079460123'],
    ['07812 345678', '+447812345678'],
    ['0300 123 4567', '+443001234567'],
  ])('%p => %p', (input, expected) => {
    expect(parseAnswer(optionalUkPhoneAnswer, input)).toEqual({ ok: true, value: expected });
    expect(parseAnswer(ukPhoneNumber, input)).toEqual({ ok: true, value: expected });
  });

  test.each([
    '+1 202 555 0123',
    '+33 6 12 34 56 78',
    '0033 612345678',
    '+353 85 123 4567',
    '+44 7797 123456',
    '07911 123456',
  ])(
    // 07797 is a Jersey mobile range and 07911 a Guernsey one: +44, but not the UK.
    '%p is not a UK number',
    (input) => {
      expect(parseAnswer(optionalUkPhoneAnswer, input)).toEqual({
        ok: false,
        message: NOT_UK,
        reason: 'not_uk',
      });
      expect(parseAnswer(ukPhoneNumber, input)).toEqual({ ok: false, message: NOT_UK, reason: 'not_uk' });
    },
  );

  test.each([
    '',
    '   ',
    '12345',
    '0770 090 012',
    '077009001234',
    '0800 840 1628',
    '09098 790000',
    'call me on 07700 900123',
    'seven seven',
    '😀',
    "'; DROP TABLE residents;--",
    '<script>alert(1)</script>',
  ])('%p fails with the example', (input) => {
    expect(parseAnswer(optionalUkPhoneAnswer, input)).toEqual({
      ok: false,
      message: `${ASK}, or reply skip`,
    });
    expect(parseAnswer(ukPhoneNumber, input)).toEqual({ ok: false, message: ASK });
  });

  test.each(['skip', 'none', 'no', 'n/a', "I don't have one", 'no phone'])(
    '%p skips an optional number only',
    (input) => {
      expect(parseAnswer(optionalUkPhoneAnswer, input)).toEqual({ ok: true, value: null });
      expect(parseAnswer(ukPhoneNumber, input)).toEqual({ ok: false, message: ASK });
    },
  );
});
