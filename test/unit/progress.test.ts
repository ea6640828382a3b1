import { describeProgress, type Measures } from '../../src/domain/progress';

const baseline: Measures = {
  heightCm: 178,
  weightKg: 90,
  activeDays: 1,
  smokingStatus: 'CURRENT',
  cigarettesPerDay: 20,
  drinksPerWeek: 14,
};

test.each<[string, Partial<Measures>, RegExp[]]>([
  [
    'weight lost, in kg and stones and pounds, with BMI',
    { weightKg: 85.5 },
    [/lost 4\.5kg \(10 pounds\)/, /BMI has gone from 28\.4 to 27/],
  ],
  ['weight gained, kindly', { weightKg: 92 }, [/gone up by 2kg/, /we can help/]],
  ['weight about the same', { weightKg: 90.2 }, [/about the same/]],
  [
    'a quit is recognised as a big deal',
    { smokingStatus: 'FORMER', cigarettesPerDay: null },
    [/stopped smoking\. That is a really big deal/],
  ],
  ['fewer cigarettes', { cigarettesPerDay: 12 }, [/8 cigarettes fewer a day/]],
  ['more active days', { activeDays: 4 }, [/3 more days a week/]],
  ['fewer drinks, with units', { drinksPerWeek: 10 }, [/4 drinks fewer a week \(about 8 fewer units\)/]],
])('%s', (_name, change, expected) => {
  const text = describeProgress(baseline, { ...baseline, ...change }).join(' ');
  for (const e of expected) expect(text).toMatch(e);
});

test('no change and nothing comparable still thanks the resident', () => {
  expect(
    describeProgress(
      { ...baseline, weightKg: null },
      {
        ...baseline,
        weightKg: null,
        smokingStatus: 'PREFER_NOT_TO_SAY',
        activeDays: null,
        drinksPerWeek: null,
      },
    ),
  ).toEqual(['Thank you for telling us how things are going.']);
});

test('a measure the resident did not give is left out, not guessed', () => {
  expect(describeProgress(baseline, { ...baseline, weightKg: null }).join(' ')).not.toMatch(/weight|BMI/);
});
