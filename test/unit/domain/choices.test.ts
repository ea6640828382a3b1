import { matchChoice, parseYesNo, type ChoiceOption } from '../../../src/domain';

type Fruit = 'APPLE' | 'BANANA' | 'BLUEBERRY' | 'KIWI';
const FRUIT: readonly ChoiceOption<Fruit>[] = [
  { value: 'APPLE', label: 'Apple', synonyms: ['green one'] },
  { value: 'BANANA', label: 'Banana' },
  { value: 'BLUEBERRY', label: 'Blueberry', synonyms: ['berries'] },
  { value: 'KIWI', label: 'Kiwi fruit', synonyms: ['kiwi'] },
];

describe('matchChoice', () => {
  test.each<[string, Fruit | undefined]>([
    ['1', 'APPLE'],
    ['2.', 'BANANA'],
    ['option 3', 'BLUEBERRY'],
    ['#4', 'KIWI'],
    [' 4) ', 'KIWI'],
    ['Number 2', 'BANANA'],
    ['0', undefined],
    ['5', undefined],
    ['12', undefined],
    ['apple', 'APPLE'],
    ['APPLE!!!', 'APPLE'],
    ['🍎 apple 🍏', 'APPLE'],
    ['Green one.', 'APPLE'],
    ['kiwi-fruit', 'KIWI'],
    ['banan', 'BANANA'],
    ['bananna', 'BANANA'],
    ['appel', 'APPLE'],
    ['bleuberyy', 'BLUEBERRY'],
    ['beries', 'BLUEBERRY'],
    ['berrys', undefined],
    ['kiw', undefined],
    ['bnanaa', undefined],
    ['pear', undefined],
    ['', undefined],
    ['   ', undefined],
    ['😀', undefined],
    ["'; DROP TABLE residents;--", undefined],
    ['<script>alert(1)</script>', undefined],
    ['a'.repeat(5000), undefined],
  ])('%p => %p', (input, expected) => {
    expect(matchChoice(input, FRUIT)).toBe(expected);
  });

  test('an answer that fits two options equally well matches neither', () => {
    const options: ChoiceOption[] = [
      { value: 'A', label: 'Walking', synonyms: ['walk'] },
      { value: 'B', label: 'Running', synonyms: ['walk'] },
    ];
    expect(matchChoice('walk', options)).toBeUndefined();
  });

  test('a typo picks the closer of two options', () => {
    const options: ChoiceOption[] = [
      { value: 'A', label: 'pints' },
      { value: 'B', label: 'points' },
    ];
    expect(matchChoice('pints', options)).toBe('A');
    expect(matchChoice('poinst', options)).toBe('B');
  });

  test('a typo equally close to two options is ambiguous', () => {
    const options: ChoiceOption[] = [
      { value: 'A', label: 'cats' },
      { value: 'B', label: 'bats' },
    ];
    expect(matchChoice('rats', options)).toBeUndefined();
  });
});

describe('parseYesNo', () => {
  test.each([
    'yes',
    'Yes',
    'YES!',
    'y',
    'yep',
    'yeah',
    'yea',
    'ye',
    'yup',
    'sure',
    'ok',
    'OK.',
    'okay',
    'of course',
    'yes please',
    '👍',
    '👍🏽',
    'yes 👍',
    'Yes, I consent',
    'I consent',
    'yess',
    'yesss',
    'yes pleease',
  ])('%p => true', (input) => {
    expect(parseYesNo(input)).toBe(true);
  });

  test.each([
    'no',
    'No.',
    'n',
    'nope',
    'nah',
    'no thanks',
    'No, thank you',
    'not really',
    '👎',
    'I do not consent',
    "I don't consent",
    'noooo',
    'no thnaks',
  ])('%p => false', (input) => {
    expect(parseYesNo(input)).toBe(false);
  });

  test.each([
    '1',
    '2',
    'maybe',
    'not sure',
    'yes and no',
    '👍 no',
    '👍👎',
    '',
    '   ',
    '😀',
    'a'.repeat(5000),
    "'; DROP TABLE residents;--",
    '<script>alert(1)</script>',
  ])('%p => undefined', (input) => {
    expect(parseYesNo(input)).toBeUndefined();
  });
});
