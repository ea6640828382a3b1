import { ETHNIC_GROUPS, ethnicGroupAnswer, ethnicityAnswer, parseAnswer } from '../../../src/domain';

describe('ETHNIC_GROUPS', () => {
  test('has the census groups in form order, then prefer not to say', () => {
    expect(ETHNIC_GROUPS.map((g) => [g.id, g.label])).toEqual([
      ['ASIAN', 'Asian, Asian British or Asian Welsh'],
      ['BLACK', 'Black, Black British, Black Welsh, Caribbean or African'],
      ['MIXED', 'Mixed or Multiple ethnic groups'],
      ['WHITE', 'White'],
      ['OTHER', 'Other ethnic group'],
      ['PREFER_NOT_TO_SAY', 'Prefer not to say'],
    ]);
  });

  test('has the 19 census categories, with unique ids', () => {
    const categories = ETHNIC_GROUPS.flatMap((g) => g.categories);
    expect(categories).toHaveLength(19);
    expect(new Set(categories.map((c) => c.id)).size).toBe(19);
    expect(ETHNIC_GROUPS.find((g) => g.id === 'PREFER_NOT_TO_SAY')?.categories).toEqual([]);
  });

  test.each([
    ['ASIAN', ['Bangladeshi', 'Chinese', 'Indian', 'Pakistani', 'Any other Asian background']],
    ['BLACK', ['African', 'Caribbean', 'Any other Black, Black British or Caribbean background']],
    [
      'MIXED',
      [
        'White and Asian',
        'White and Black African',
        'White and Black Caribbean',
        'Any other Mixed or Multiple ethnic background',
      ],
    ],
    [
      'WHITE',
      [
        'English, Welsh, Scottish, Northern Irish or British',
        'Irish',
        'Gypsy or Irish Traveller',
        'Roma',
        'Any other White background',
      ],
    ],
    ['OTHER', ['Arab', 'Any other ethnic group']],
  ])('%p has the census wording', (groupId, labels) => {
    expect(ETHNIC_GROUPS.find((g) => g.id === groupId)?.categories.map((c) => c.label)).toEqual(labels);
  });

  test('category ids start with their group id', () => {
    for (const group of ETHNIC_GROUPS) {
      for (const category of group.categories) expect(category.id.startsWith(`${group.id}_`)).toBe(true);
    }
  });
});

describe('ethnicGroupAnswer', () => {
  const group = ethnicGroupAnswer();
  const ASK =
    'Reply with the number of the group that best describes you, from 1 to 6, like 4 for White. Or reply 6 if you prefer not to say.';

  test.each([
    ['1', 'ASIAN'],
    ['2', 'BLACK'],
    ['3', 'MIXED'],
    ['4', 'WHITE'],
    ['5', 'OTHER'],
    ['6', 'PREFER_NOT_TO_SAY'],
    ['white', 'WHITE'],
    ['WHITE', 'WHITE'],
    ['whte', 'WHITE'],
    ["I'm white British", 'WHITE'],
    ['Irish', 'WHITE'],
    ['asian', 'ASIAN'],
    ['Asian, Asian British or Asian Welsh', 'ASIAN'],
    ['British Asian', 'ASIAN'],
    ['Indian', 'ASIAN'],
    ['black', 'BLACK'],
    ['Black British', 'BLACK'],
    ['African', 'BLACK'],
    ['mixed', 'MIXED'],
    ['mixed race', 'MIXED'],
    ['White and Black Caribbean', 'MIXED'],
    ['white and asian', 'MIXED'],
    ['other', 'OTHER'],
    ['Arab', 'OTHER'],
    ['prefer not to say', 'PREFER_NOT_TO_SAY'],
    ['rather not say', 'PREFER_NOT_TO_SAY'],
    ["I'd rather not say", 'PREFER_NOT_TO_SAY'],
  ])('%p => %p', (input, expected) => {
    expect(parseAnswer(group, input)).toEqual({ ok: true, value: expected });
  });

  test.each(['', '7', '0', 'british', 'human', 'white or black', '😀'])(
    '%p fails with the numbered example',
    (input) => {
      expect(parseAnswer(group, input)).toEqual({ ok: false, message: ASK });
    },
  );
});

describe('ethnicityAnswer', () => {
  test.each([
    ['ASIAN', '3', 'ASIAN_INDIAN'],
    ['ASIAN', 'indian', 'ASIAN_INDIAN'],
    ['ASIAN', 'Pakistani', 'ASIAN_PAKISTANI'],
    ['ASIAN', 'pakistany', 'ASIAN_PAKISTANI'],
    ['ASIAN', 'my family is from Bangladesh', 'ASIAN_BANGLADESHI'],
    ['ASIAN', 'other', 'ASIAN_OTHER'],
    ['ASIAN', 'Any other Asian background', 'ASIAN_OTHER'],
    ['ASIAN', '6', 'PREFER_NOT_TO_SAY'],
    ['BLACK', 'African', 'BLACK_AFRICAN'],
    ['BLACK', 'Black Caribbean', 'BLACK_CARIBBEAN'],
    ['BLACK', 'other', 'BLACK_OTHER'],
    ['MIXED', 'White and Black African', 'MIXED_WHITE_BLACK_AFRICAN'],
    ['MIXED', 'asian', 'MIXED_WHITE_ASIAN'],
    ['MIXED', 'other', 'MIXED_OTHER'],
    ['WHITE', '1', 'WHITE_ENGLISH'],
    ['WHITE', 'British', 'WHITE_ENGLISH'],
    ['WHITE', 'english', 'WHITE_ENGLISH'],
    ['WHITE', 'Northern Irish', 'WHITE_ENGLISH'],
    ['WHITE', 'irish', 'WHITE_IRISH'],
    ['WHITE', 'Irish Traveller', 'WHITE_GYPSY_OR_IRISH_TRAVELLER'],
    ['WHITE', 'gypsy', 'WHITE_GYPSY_OR_IRISH_TRAVELLER'],
    ['WHITE', 'Roma', 'WHITE_ROMA'],
    ['WHITE', 'other', 'WHITE_OTHER'],
    ['WHITE', "I'm Polish, so other", 'WHITE_OTHER'],
    ['OTHER', 'arab', 'OTHER_ARAB'],
    ['OTHER', 'other', 'OTHER_ANY'],
    ['OTHER', 'prefer not to say', 'PREFER_NOT_TO_SAY'],
    ['WHITE', 'rather not say', 'PREFER_NOT_TO_SAY'],
  ])('in %p, %p => %p', (groupId, input, expected) => {
    expect(parseAnswer(ethnicityAnswer(groupId), input)).toEqual({ ok: true, value: expected });
  });

  test.each([
    ['ASIAN', '', 'like 1 for Bangladeshi'],
    ['ASIAN', 'irish', 'like 1 for Bangladeshi'],
    ['ASIAN', '7', 'like 1 for Bangladeshi'],
    ['MIXED', 'white and black', 'like 1 for White and Asian'],
    ['WHITE', 'polish', 'like 1 for English, Welsh, Scottish, Northern Irish or British'],
  ])('in %p, %p fails with an example', (groupId, input, example) => {
    expect(parseAnswer(ethnicityAnswer(groupId), input)).toEqual({
      ok: false,
      message: `Reply with the number that best describes you, ${example}. Or reply prefer not to say.`,
    });
  });

  test.each(['PREFER_NOT_TO_SAY', 'NOT_A_GROUP', ''])(
    'a group without categories (%p) is a programming mistake',
    (groupId) => {
      expect(() => ethnicityAnswer(groupId)).toThrow(RangeError);
    },
  );
});
