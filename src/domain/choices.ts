import { simplify } from './text';

/** One answer a resident can pick, by number, by its label, or by one of its synonyms. */
export interface ChoiceOption<V extends string = string> {
  value: V;
  label: string;
  synonyms?: string[];
}

/**
 * Optimal-string-alignment Damerau-Levenshtein distance (insertions, deletions, substitutions and
 * swaps of two neighbouring letters), giving up early once it is over `max`.
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i += 1) {
    rows.push(new Array<number>(b.length + 1).fill(0));
    rows[i][0] = i;
  }
  for (let j = 0; j <= b.length; j += 1) rows[0][j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    let rowBest = Number.POSITIVE_INFINITY;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, rows[i - 2][j - 2] + 1);
      rows[i][j] = d;
      rowBest = Math.min(rowBest, d);
    }
    if (rowBest > max) return max + 1;
  }
  return rows[a.length][b.length];
}

/** How many typos we forgive in a word or phrase of this length: none under 4 letters, 1 from 4, 2 from 8. */
export function typoAllowance(length: number): number {
  if (length >= 8) return 2;
  if (length >= 4) return 1;
  return 0;
}

const NUMBERED = /^(?:option|number|no|choice)? ?(\d{1,3})$/;

/** The texts an option answers to, simplified the way residents' answers are. */
function phrasesOf(option: ChoiceOption): string[] {
  return [option.label, ...(option.synonyms ?? [])].map(simplify).filter((p) => p.length > 0);
}

/** The one value in `values`, or undefined when there are none or more than one. */
function onlyOne<V>(values: Iterable<V>): V | undefined {
  const distinct = new Set(values);
  return distinct.size === 1 ? distinct.values().next().value : undefined;
}

/** matchChoice without reading numbers, for questions where a number means something else. */
export function matchChoiceText<V extends string>(
  input: string,
  options: readonly ChoiceOption<V>[],
): V | undefined {
  const answer = simplify(input);
  if (answer.length === 0) return undefined;

  const exact = options.filter((option) => phrasesOf(option).includes(answer)).map((o) => o.value);
  if (exact.length > 0) return onlyOne(exact);

  let best = Number.POSITIVE_INFINITY;
  let closest: V[] = [];
  for (const option of options) {
    for (const phrase of phrasesOf(option)) {
      const allowance = typoAllowance(Math.min(phrase.length, answer.length));
      if (allowance === 0) continue;
      const distance = editDistance(answer, phrase, allowance);
      if (distance > allowance) continue;
      if (distance < best) {
        best = distance;
        closest = [option.value];
      } else if (distance === best) {
        closest.push(option.value);
      }
    }
  }
  return onlyOne(closest);
}

/**
 * Matches free text to one option: by its 1-based number ("1", "1.", "option 1", "#1"), by its
 * label or a synonym (ignoring case, punctuation and emoji), or by a small typo (one for words of
 * 4 or more letters, two for 8 or more). Returns the option's value, or undefined when nothing
 * matches or the answer fits more than one option equally well.
 */
export function matchChoice<V extends string>(
  input: string,
  options: readonly ChoiceOption<V>[],
): V | undefined {
  const numbered = NUMBERED.exec(simplify(input));
  if (numbered) {
    const index = Number(numbered[1]) - 1;
    return index >= 0 && index < options.length ? options[index].value : undefined;
  }
  return matchChoiceText(input, options);
}

/** Distinctive words or phrases that point to one option, for answers in the resident's own words. */
export interface KeywordEntry<V extends string> {
  value: V;
  keywords: readonly string[];
}

/**
 * Finds options whose keywords appear as whole words in the answer ("I've got bad knees" finds
 * "knees"), forgiving a small typo in longer keywords. A keyword inside a longer matched keyword
 * ("african" inside "white and black african") does not count. Returns the value only when one
 * option is found.
 */
export function matchKeywords<V extends string>(
  input: string,
  entries: readonly KeywordEntry<V>[],
): V | undefined {
  const words = simplify(input).split(' ').filter(Boolean);
  if (words.length === 0) return undefined;
  const found: { value: V; start: number; end: number }[] = [];
  for (const entry of entries) {
    for (const keyword of entry.keywords) {
      const parts = simplify(keyword).split(' ').filter(Boolean);
      if (parts.length === 0) continue;
      for (let start = 0; start + parts.length <= words.length; start += 1) {
        const matches = parts.every((part, k) => {
          const word = words[start + k];
          const allowance = typoAllowance(Math.min(part.length, word.length));
          return word === part || (allowance > 0 && editDistance(word, part, allowance) <= allowance);
        });
        if (matches) found.push({ value: entry.value, start, end: start + parts.length });
      }
    }
  }
  const outermost = found.filter(
    (inner) =>
      !found.some(
        (outer) =>
          outer !== inner &&
          outer.end - outer.start > inner.end - inner.start &&
          outer.start <= inner.start &&
          outer.end >= inner.end,
      ),
  );
  return onlyOne(outermost.map((f) => f.value));
}

const YES_NO: readonly ChoiceOption<'yes' | 'no'>[] = [
  {
    value: 'yes',
    label: 'yes',
    synonyms: [
      'y',
      'yep',
      'yeah',
      'yea',
      'ye',
      'yup',
      'yes please',
      'yes thanks',
      'yes thank you',
      'sure',
      'ok',
      'okay',
      'k',
      'of course',
      'yes i consent',
      'i consent',
      'yes i do',
      'i do',
      'yes i agree',
      'i agree',
      'agree',
      'aye',
      'absolutely',
      'definitely',
      'certainly',
      'correct',
      'thats right',
      'go ahead',
      'fine',
    ],
  },
  {
    value: 'no',
    label: 'no',
    synonyms: [
      'n',
      'nope',
      'nah',
      'no thanks',
      'no thank you',
      'not really',
      'not now',
      'not at the moment',
      'no i dont',
      'i dont',
      'i do not',
      'i do not consent',
      'i dont consent',
      'no i do not consent',
      'no i dont consent',
      'i dont agree',
      'i do not agree',
      'no i dont agree',
      'absolutely not',
      'definitely not',
      'certainly not',
    ],
  },
];

const YES_EMOJI = /\u{1F44D}|\u2705|\u2714/u; // thumbs up, green tick, heavy tick
const NO_EMOJI = /\u{1F44E}|\u274C|\u2716/u; // thumbs down, cross, heavy cross

/**
 * Reads a yes or no in the words people use ("yep", "no thanks", "Yes, I consent", "👍"),
 * forgiving small typos and stretched words ("yesss", "noooo"). Returns undefined for anything
 * else, including numbers: a numbered question is read with {@link matchChoice}.
 */
export function parseYesNo(input: string): boolean | undefined {
  if (typeof input !== 'string' || input.length > 500) return undefined;
  const emoji = YES_EMOJI.test(input) === NO_EMOJI.test(input) ? undefined : YES_EMOJI.test(input);
  const squeezed = simplify(input).replace(/(\p{L})\1+/gu, '$1');
  const words = matchChoiceText(input, YES_NO) ?? matchChoiceText(squeezed, YES_NO);
  const fromWords = words === undefined ? undefined : words === 'yes';
  if (fromWords !== undefined && emoji !== undefined && fromWords !== emoji) return undefined;
  if (fromWords === undefined && simplify(input).length > 0) return undefined;
  return fromWords ?? emoji;
}
