import {
  BARRIER_OPTIONS,
  barrierAnswer,
  GOAL_OPTIONS,
  goalsAnswer,
  parseAnswer,
  type ComBValue,
  type GoalValue,
} from '../../../src/domain';

describe('goalsAnswer', () => {
  const ASK =
    'Reply with the numbers of the goals you want help with, like 1 and 3. ' +
    'The goals are: 1 Stop smoking, 2 Drink less, 3 Move more, 4 Lose weight, 5 Eat healthier';
  const ALL: GoalValue[] = ['STOP_SMOKING', 'DRINK_LESS', 'MOVE_MORE', 'LOSE_WEIGHT', 'EAT_HEALTHIER'];

  test('the options are the five goals, in order', () => {
    expect(GOAL_OPTIONS.map((o) => [o.value, o.label])).toEqual([
      ['STOP_SMOKING', 'Stop smoking'],
      ['DRINK_LESS', 'Drink less'],
      ['MOVE_MORE', 'Move more'],
      ['LOSE_WEIGHT', 'Lose weight'],
      ['EAT_HEALTHIER', 'Eat healthier'],
    ]);
  });

  test.each<[string, GoalValue[]]>([
    ['1', ['STOP_SMOKING']],
    ['1 3', ['STOP_SMOKING', 'MOVE_MORE']],
    ['1,3', ['STOP_SMOKING', 'MOVE_MORE']],
    ['1, 3', ['STOP_SMOKING', 'MOVE_MORE']],
    ['1 and 3', ['STOP_SMOKING', 'MOVE_MORE']],
    ['1 & 3', ['STOP_SMOKING', 'MOVE_MORE']],
    ['3 and 1', ['STOP_SMOKING', 'MOVE_MORE']],
    ['5 3 3', ['MOVE_MORE', 'EAT_HEALTHIER']],
    ['2, 4 and 5', ['DRINK_LESS', 'LOSE_WEIGHT', 'EAT_HEALTHIER']],
    ['move more', ['MOVE_MORE']],
    ['Move more and lose weight', ['MOVE_MORE', 'LOSE_WEIGHT']],
    ['lose weight, move more', ['MOVE_MORE', 'LOSE_WEIGHT']],
    ['stop smoking and drinking', ['STOP_SMOKING', 'DRINK_LESS']],
    ['I want to stop smoking', ['STOP_SMOKING']],
    ["I'd like to eat healthier and exercise", ['MOVE_MORE', 'EAT_HEALTHIER']],
    ['loose weight', ['LOSE_WEIGHT']],
    ['exercise', ['MOVE_MORE']],
    ['alcohol', ['DRINK_LESS']],
    ['1 and lose weight', ['STOP_SMOKING', 'LOSE_WEIGHT']],
    ['all of them', ALL],
    ['All', ALL],
    ['everything', ALL],
  ])('%p => %p', (input, expected) => {
    expect(parseAnswer(goalsAnswer, input)).toEqual({ ok: true, value: expected });
  });

  test.each(['', '   ', '6', '0', '13', '1 and 9', 'be happy', 'move more and be happy', 'and', ','])(
    '%p fails listing the options',
    (input) => {
      expect(parseAnswer(goalsAnswer, input)).toEqual({ ok: false, message: ASK });
    },
  );
});

describe('barrierAnswer', () => {
  test('there are six barriers, each mapped to COM-B', () => {
    expect(BARRIER_OPTIONS.map((o) => [o.label, o.comB])).toEqual([
      ["I'm not sure where to start", 'CAPABILITY'],
      ['Health problems or pain make it hard', 'CAPABILITY'],
      ["I don't have the time", 'OPPORTUNITY'],
      ['Money or where I live makes it hard', 'OPPORTUNITY'],
      ['People around me make it harder', 'OPPORTUNITY'],
      ['I find it hard to stay motivated', 'MOTIVATION'],
    ]);
    expect(new Set(BARRIER_OPTIONS.map((o) => o.value)).size).toBe(BARRIER_OPTIONS.length);
  });

  test.each<[string, string, ComBValue]>([
    ['1', 'NOT_SURE_WHERE_TO_START', 'CAPABILITY'],
    ['6', 'STAYING_MOTIVATED', 'MOTIVATION'],
    ["I'm not sure where to start", 'NOT_SURE_WHERE_TO_START', 'CAPABILITY'],
    ["I don't know where to start", 'NOT_SURE_WHERE_TO_START', 'CAPABILITY'],
    ['health problems or pain make it hard', 'HEALTH_OR_PAIN', 'CAPABILITY'],
    ['my knees hurt', 'HEALTH_OR_PAIN', 'CAPABILITY'],
    ['time', 'NO_TIME', 'OPPORTUNITY'],
    ["I work long shifts and don't have time", 'NO_TIME', 'OPPORTUNITY'],
    ['money', 'MONEY_OR_WHERE_I_LIVE', 'OPPORTUNITY'],
    ["I can't afford the gym", 'MONEY_OR_WHERE_I_LIVE', 'OPPORTUNITY'],
    ['my family', 'PEOPLE_AROUND_ME', 'OPPORTUNITY'],
    ['motivation', 'STAYING_MOTIVATED', 'MOTIVATION'],
    ['motivaton', 'STAYING_MOTIVATED', 'MOTIVATION'],
    ["can't be bothered", 'STAYING_MOTIVATED', 'MOTIVATION'],
  ])('%p => %p (%p)', (input, value, comB) => {
    const result = parseAnswer(barrierAnswer, input);
    expect(result).toEqual({ ok: true, value: expect.objectContaining({ value, comB }) });
    if (result.ok) expect(BARRIER_OPTIONS).toContain(result.value);
  });

  test.each(['', '7', 'nothing really', 'time and money', '😀'])(
    '%p fails with a numbered example',
    (input) => {
      expect(parseAnswer(barrierAnswer, input)).toEqual({
        ok: false,
        message:
          'Reply with the number of the answer that fits you best, from 1 to 6, like 3 for "I don\'t have the time"',
      });
    },
  );
});
