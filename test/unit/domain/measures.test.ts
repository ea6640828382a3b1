import {
  activeDaysAnswer,
  bmi,
  bmiCategory,
  cigarettesPerDayAnswer,
  cmToFeetAndInches,
  describeBmi,
  describeUnits,
  drinksPerWeekAnswer,
  estimateUnits,
  heightAnswer,
  isPlausibleBmi,
  kgToStonesAndPounds,
  parseAnswer,
  SMOKING_OPTIONS,
  smokingStatusAnswer,
  weightAnswer,
  type BmiCategory,
  type SmokingStatusValue,
} from '../../../src/domain';

describe('heightAnswer', () => {
  const ASK = 'Enter your height, like 170cm or 5ft 7in';

  test.each([
    ['170', 170],
    ['170cm', 170],
    ['170 cm', 170],
    ['170.5 CM', 170.5],
    ['170 centimetres', 170],
    ['1.7m', 170],
    ['1.70 metres', 170],
    ['1,75m', 175],
    ['1m70', 170],
    ['1.82', 182],
    ['1700mm', 170],
    ["5'10", 177.8],
    ['5\'10"', 177.8],
    ["5' 10''", 177.8],
    ['5\u2019 10\u201D', 177.8],
    ['5 ft 10', 177.8],
    ['5ft10in', 177.8],
    ['5ft 7in', 170.2],
    ['5 foot 10 inches', 177.8],
    ['5 feet 10 inches tall', 177.8],
    ['5 feet and 10 inches', 177.8],
    ['5 feet', 152.4],
    ['5', 152.4],
    ['6', 182.9],
    ['six foot', 182.9],
    ['five foot two', 157.5],
    ['about 5ft 6', 167.6],
    ["I'm 5'4", 162.6],
    ['70 inches', 177.8],
    ['250cm', 250],
    ['100', 100],
  ])('%p => %p cm', (input, expected) => {
    expect(parseAnswer(heightAnswer, input)).toEqual({ ok: true, value: expected });
  });

  test.each([
    ['', ASK],
    ['tall', ASK],
    ['60', `Tell us the units too. ${ASK}`],
    ['300', `Tell us the units too. ${ASK}`],
    ['5.10', 'Did you mean 5 feet 10 inches? Enter your height like 5ft 10in, or in centimetres like 170cm'],
    ['5.5', 'Did you mean 5 feet 5 inches? Enter your height like 5ft 5in, or in centimetres like 170cm'],
    ['5 ft 14', 'There are 12 inches in a foot. Check your height and enter it again, like 5ft 7in or 170cm'],
    [
      '70kg',
      'That looks like a weight. Enter your height in centimetres, metres, or feet and inches, like 170cm or 5ft 7in',
    ],
    [
      '11 stone',
      'That looks like a weight. Enter your height in centimetres, metres, or feet and inches, like 170cm or 5ft 7in',
    ],
    [
      '160 lbs',
      'That looks like a weight. Enter your height in centimetres, metres, or feet and inches, like 170cm or 5ft 7in',
    ],
    ['-170', ASK],
    [
      '170 cm 80 kg',
      'That looks like a weight. Enter your height in centimetres, metres, or feet and inches, like 170cm or 5ft 7in',
    ],
  ])('%p fails with %p', (input, message) => {
    expect(parseAnswer(heightAnswer, input)).toEqual({ ok: false, message });
  });

  test.each(['0', '0.5', '2.6', '99cm', '251cm', '9 feet', '2 ft', '3m'])('%p is out of range', (input) => {
    expect(parseAnswer(heightAnswer, input)).toEqual({
      ok: false,
      message: `Check your height and enter it again. ${ASK}`,
      reason: 'out_of_range',
    });
  });
});

describe('weightAnswer', () => {
  const ASK = 'Enter your weight, like 80kg or 12st 6lb';

  test.each([
    ['80', 80],
    ['80kg', 80],
    ['80 KG', 80],
    ['80.5 kilos', 80.5],
    ['80,5kg', 80.5],
    ['80 kilograms', 80],
    ['about 80kg', 80],
    ['eighty kg', 80],
    ['11st 4lb', 71.7],
    ['11 st 4 lbs', 71.7],
    ['11 stone 4', 71.7],
    ['11 stone and 4 pounds', 71.7],
    ['11 stone', 69.9],
    ['11st', 69.9],
    ['eleven stone', 69.9],
    ['12st 6lb', 78.9],
    ['160lb', 72.6],
    ['160 lbs', 72.6],
    ['160 pounds', 72.6],
    ['30', 30],
    ['350', 350],
  ])('%p => %p kg', (input, expected) => {
    expect(parseAnswer(weightAnswer, input)).toEqual({ ok: true, value: expected });
  });

  test.each([
    ['', ASK],
    ['heavy', ASK],
    [
      '12st 15lb',
      'There are 14 pounds in a stone. Check your weight and enter it again, like 12st 6lb or 80kg',
    ],
    [
      '170cm',
      'That looks like a height. Enter your weight in kilograms, or stones and pounds, like 80kg or 12st 6lb',
    ],
    [
      '5ft 10',
      'That looks like a height. Enter your weight in kilograms, or stones and pounds, like 80kg or 12st 6lb',
    ],
    [
      "5'10",
      'That looks like a height. Enter your weight in kilograms, or stones and pounds, like 80kg or 12st 6lb',
    ],
    [
      '1.8m',
      'That looks like a height. Enter your weight in kilograms, or stones and pounds, like 80kg or 12st 6lb',
    ],
  ])('%p fails with %p', (input, message) => {
    expect(parseAnswer(weightAnswer, input)).toEqual({ ok: false, message });
  });

  test.each(['0', '29', '351', '5000', '1 stone', '800 lbs'])('%p is out of range', (input) => {
    expect(parseAnswer(weightAnswer, input)).toEqual({
      ok: false,
      message: `Check your weight and enter it again. ${ASK}`,
      reason: 'out_of_range',
    });
  });
});

describe('bmi and bmiCategory', () => {
  test.each([
    [170, 80, 27.7],
    [180, 60, 18.5],
    [160, 102.4, 40],
    [152.4, 69.9, 30.1],
    [200, 50, 12.5],
  ])('%p cm and %p kg => BMI %p', (height, weight, expected) => {
    expect(bmi(height, weight)).toBe(expected);
  });

  test.each<[number, BmiCategory]>([
    [12, 'underweight'],
    [18.4, 'underweight'],
    [18.5, 'healthy'],
    [24.9, 'healthy'],
    [25, 'overweight'],
    [29.9, 'overweight'],
    [30, 'obese'],
    [39.9, 'obese'],
    [40, 'severely_obese'],
    [55, 'severely_obese'],
  ])('BMI %p is %p', (value, category) => {
    expect(bmiCategory(value)).toBe(category);
  });

  test.each([
    [11.9, false],
    [12, true],
    [70, true],
    [70.1, false],
    [Number.NaN, false],
    [Number.POSITIVE_INFINITY, false],
  ])('isPlausibleBmi(%p) is %p', (value, expected) => {
    expect(isPlausibleBmi(value)).toBe(expected);
  });
});

describe('describeBmi', () => {
  test('says what the number means, in the NHS words', () => {
    expect(describeBmi(31.2)).toBe(
      'Your BMI is 31.2. That is in the obese range. A healthy BMI for most adults is between 18.5 and 24.9. ' +
        'BMI is only a rough guide, and we can talk it through with you if you would like.',
    );
    expect(describeBmi(22)).toBe(
      'Your BMI is 22. That is in the healthy weight range. A healthy BMI for most adults is between 18.5 and 24.9.',
    );
  });

  test.each([
    [17.04, 'Your BMI is 17. That is in the underweight range.'],
    [27.66, 'Your BMI is 27.7. That is in the overweight range.'],
    [42.5, 'Your BMI is 42.5. That is in the severely obese range.'],
  ])('%p => starts %p', (value, start) => {
    expect(describeBmi(value).startsWith(start)).toBe(true);
  });
});

describe('imperial summaries', () => {
  test.each([
    [80, '12 stone 8 pounds'],
    [63.5, '10 stone'],
    [69.9, '11 stone'],
    [71.7, '11 stone 4 pounds'],
    [64, '10 stone 1 pound'],
    [5, '11 pounds'],
  ])('%p kg => %p', (kg, words) => {
    expect(kgToStonesAndPounds(kg)).toBe(words);
  });

  test.each([
    [177.8, '5 feet 10 inches'],
    [170, '5 feet 7 inches'],
    [182.9, '6 feet'],
    [154.9, '5 feet 1 inch'],
    [30.5, '1 foot'],
    [20, '8 inches'],
    // 5 feet 11.6 inches rounds up to the next foot, not "5 feet 12 inches".
    [182.4, '6 feet'],
  ])('%p cm => %p', (cm, words) => {
    expect(cmToFeetAndInches(cm)).toBe(words);
  });
});

describe('activeDaysAnswer', () => {
  const ASK = 'Enter a number from 0 to 7, like 3';

  test.each([
    ['3', 3],
    ['three', 3],
    ['Three.', 3],
    ['3 days', 3],
    ['3 days a week', 3],
    ['about 3', 3],
    ['none', 0],
    ['None!', 0],
    ['no days', 0],
    ['zero', 0],
    ['0', 0],
    ['never', 0],
    ['every day', 7],
    ['everyday', 7],
    ['all week', 7],
    ['daily', 7],
    ['7', 7],
    ['seven days', 7],
    ['once', 1],
    ['twice', 2],
    ['3 or 4', 4],
    ['2-3', 3],
  ])('%p => %p', (input, expected) => {
    expect(parseAnswer(activeDaysAnswer, input)).toEqual({ ok: true, value: expected });
  });

  test.each(['', 'some', '8', '10', '-1', '2.5', '3 hours', 'lots', '30 minutes'])(
    '%p fails quoting the range',
    (input) => {
      expect(parseAnswer(activeDaysAnswer, input)).toEqual({ ok: false, message: ASK });
    },
  );
});

describe('smokingStatusAnswer', () => {
  test('the options are the four answers, in order', () => {
    expect(SMOKING_OPTIONS.map((o) => [o.value, o.label])).toEqual([
      ['NEVER', 'I have never smoked'],
      ['FORMER', 'I used to smoke'],
      ['CURRENT', 'Yes, I smoke'],
      ['PREFER_NOT_TO_SAY', 'Prefer not to say'],
    ]);
  });

  test.each<[string, SmokingStatusValue]>([
    ['1', 'NEVER'],
    ['2', 'FORMER'],
    ['3', 'CURRENT'],
    ['4', 'PREFER_NOT_TO_SAY'],
    ['no', 'NEVER'],
    ['never', 'NEVER'],
    ['I have never smoked', 'NEVER'],
    ['non-smoker', 'NEVER'],
    ['ex', 'FORMER'],
    ['ex-smoker', 'FORMER'],
    ['used to', 'FORMER'],
    ['I used to smoke', 'FORMER'],
    ['quit', 'FORMER'],
    ['gave up', 'FORMER'],
    ["I don't smoke any more", 'FORMER'],
    ['yes', 'CURRENT'],
    ['Yes, I smoke', 'CURRENT'],
    ['i smoke', 'CURRENT'],
    ['prefer not to say', 'PREFER_NOT_TO_SAY'],
    ["I'd rather not say", 'PREFER_NOT_TO_SAY'],
  ])('%p => %p', (input, expected) => {
    expect(parseAnswer(smokingStatusAnswer, input)).toEqual({ ok: true, value: expected });
  });

  test.each(['', 'vape', '5', 'sometimes no', 'maybe'])('%p fails with the numbered example', (input) => {
    expect(parseAnswer(smokingStatusAnswer, input)).toEqual({
      ok: false,
      message: 'Reply with the number of the answer that fits you, like 1 for "I have never smoked"',
    });
  });
});

describe('cigarettesPerDayAnswer', () => {
  const ASK = 'Enter how many cigarettes you smoke on a typical day, like 10';

  test.each([
    ['10', 10],
    ['ten', 10],
    ['10 a day', 10],
    ['about 15 cigarettes', 15],
    ['a pack', 20],
    ['a pack a day', 20],
    ['a packet', 20],
    ['20 a day', 20],
    ['half a pack', 10],
    ['2 packs', 40],
    ['10-15', 13],
    ['10 to 12', 11],
    ['1', 1],
    ['100', 100],
  ])('%p => %p', (input, expected) => {
    expect(parseAnswer(cigarettesPerDayAnswer, input)).toEqual({ ok: true, value: expected });
  });

  test.each(['0', 'none', 'zero'])('%p is not allowed', (input) => {
    expect(parseAnswer(cigarettesPerDayAnswer, input)).toEqual({ ok: false, message: ASK, reason: 'none' });
  });

  test.each(['', 'lots', 'a few', '-5'])('%p fails with the example', (input) => {
    expect(parseAnswer(cigarettesPerDayAnswer, input)).toEqual({ ok: false, message: ASK });
  });

  test.each(['101', '6 packs'])('%p is out of range', (input) => {
    expect(parseAnswer(cigarettesPerDayAnswer, input)).toEqual({
      ok: false,
      message: `Check the number and enter it again. ${ASK}`,
      reason: 'out_of_range',
    });
  });
});

describe('drinksPerWeekAnswer', () => {
  const ASK =
    'Enter how many alcoholic drinks you have in a typical week, like 10, or 0 if you do not drink. ' +
    'You can also reply prefer not to say';

  test.each<[string, number | null]>([
    ['14', 14],
    ['about 10', 10],
    ['10-12', 11],
    ['10 to 12', 11],
    ['10 - 13', 12],
    ['nine', 9],
    ['twenty one', 21],
    ['6 pints', 6],
    ['6 pints a week', 6],
    ['2 a day', 14],
    ['2 glasses of wine a night', 14],
    ['0', 0],
    ['none', 0],
    ['zero', 0],
    ["I don't drink", 0],
    ['i dont drink alcohol', 0],
    ['never', 0],
    ["I'm teetotal", 0],
    ['200', 200],
    ['prefer not to say', null],
    ["I'd rather not say", null],
  ])('%p => %p', (input, expected) => {
    expect(parseAnswer(drinksPerWeekAnswer, input)).toEqual({ ok: true, value: expected });
  });

  test.each(['', 'lots', 'a few', 'sometimes', '-3'])('%p fails with the example', (input) => {
    expect(parseAnswer(drinksPerWeekAnswer, input)).toEqual({ ok: false, message: ASK });
  });

  test('units are not drinks', () => {
    expect(parseAnswer(drinksPerWeekAnswer, '14 units')).toEqual({
      ok: false,
      message:
        'Enter the number of drinks, not units, like 10. A pint of beer or a glass of wine counts as one drink',
      reason: 'units',
    });
  });

  test.each(['201', '50 a day'])('%p is out of range', (input) => {
    expect(parseAnswer(drinksPerWeekAnswer, input)).toEqual({
      ok: false,
      message: `Check the number and enter it again. ${ASK}`,
      reason: 'out_of_range',
    });
  });
});

describe('estimateUnits and describeUnits', () => {
  test.each([
    [0, 0],
    [1, 2],
    [7, 14],
    [11, 22],
    [2.35, 4.7],
  ])('%p drinks => %p units', (drinks, units) => {
    expect(estimateUnits(drinks)).toBe(units);
  });

  test.each([
    [
      0,
      'You told us you do not drink alcohol. The UK guideline is to drink no more than 14 units a week, spread over 3 or more days.',
    ],
    [
      0.5,
      'That is less than 1 unit a week, which is within the UK guideline of no more than 14 units a week.',
    ],
    [1.2, 'That is about 1 unit a week, which is within the UK guideline of no more than 14 units a week.'],
    [8, 'That is about 8 units a week, which is within the UK guideline of no more than 14 units a week.'],
    [14, 'That is about 14 units a week, which is within the UK guideline of no more than 14 units a week.'],
    [
      22.4,
      'That is about 22 units a week. The UK guideline is to drink no more than 14 units a week, spread over 3 or more days. ' +
        'We can help you cut down if you would like.',
    ],
  ])('%p units => %p', (units, words) => {
    expect(describeUnits(units)).toBe(words);
  });
});
