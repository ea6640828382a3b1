import type { Activity, Attachment, CardAction } from 'botbuilder';

/**
 * How the bot's replies look as text messages: plain GSM-7 text (so one message costs as few
 * segments as possible and reads the same on every phone), choices as numbers, and the replies
 * of one turn joined into as few messages as fit.
 */

// GSM 03.38 basic character set, less the escape character (0x1B), which is not text.
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
// The extension table: each of these costs two septets (an escape, then the character).
const GSM7_EXTENSION = new Set('^{}\\[~]|€');

/** One SMS segment: 160 septets alone, 153 when a message needs more than one (the rest is the header). */
export const GSM7_SINGLE_SEGMENT = 160;
export const GSM7_CONCATENATED_SEGMENT = 153;
const UCS2_SINGLE_SEGMENT = 70;
const UCS2_CONCATENATED_SEGMENT = 67;

/** The most segments one message may take: 3, so long texts arrive in readable pieces. */
export const MAX_SEGMENTS_PER_MESSAGE = 3;

// Characters that would force the whole message into UCS-2, and what a resident would type instead.
const REPLACEMENTS: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u201B': "'",
  '\u2032': "'",
  '\u00B4': "'",
  '`': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u201F': '"',
  '\u2033': '"',
  '\u00AB': '"',
  '\u00BB': '"',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2015': '-',
  '\u2212': '-',
  '\u2026': '...',
  '\u2022': '-',
  '\u00B7': '-',
  '\u25CF': '-',
  '\u25AA': '-',
  '\u2023': '-',
  '\u00D7': 'x',
  '\u00F7': '/',
  '\u2044': '/',
  '\u2264': '<=',
  '\u2265': '>=',
  '\u00A9': '(c)',
  '\u00AE': '(R)',
  '\u00E7': 'c',
  '\t': ' ',
  '\f': '\n',
};
// Invisible characters that only shape emoji or wrap words.
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFE0E\uFE0F\u{1F3FB}-\u{1F3FF}\u{E0020}-\u{E007F}]/gu;
const SPACES = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;
const PICTOGRAPHS = /[\p{Extended_Pictographic}\u{1F1E6}-\u{1F1FF}\u20E3]/gu;

function isGsm7Char(char: string): boolean {
  return GSM7_BASIC.has(char) || GSM7_EXTENSION.has(char);
}

/** True when every character of `text` is in the GSM-7 alphabet (basic or extension table). */
export function isGsm7(text: string): boolean {
  for (const char of text) if (!isGsm7Char(char)) return false;
  return true;
}

/**
 * Rewrites `text` in the GSM-7 alphabet: curly quotes become straight ones, dashes hyphens,
 * "…" three dots, accents outside GSM-7 are dropped ("ë" becomes "e"), emoji are removed, and
 * anything else that has no plain equivalent becomes "?". Line breaks are kept.
 */
export function toGsm7(text: string): string {
  const cleaned = text
    .replace(/\r\n?/g, '\n')
    .replace(INVISIBLE, '')
    .replace(SPACES, ' ')
    .replace(PICTOGRAPHS, '');
  let out = '';
  for (const char of cleaned) {
    if (isGsm7Char(char)) out += char;
    else if (REPLACEMENTS[char] !== undefined) out += REPLACEMENTS[char];
    else out += fromDecomposition(char);
  }
  // Removing an emoji can leave doubled or trailing spaces behind.
  return out.replace(/ {2,}/g, ' ').replace(/ +\n/g, '\n').replace(/\n +/g, '\n').trim();
}

/** "ë" -> "e", "½" -> "1/2", "ﬁ" -> "fi": the character's compatibility decomposition, if that is GSM-7. */
function fromDecomposition(char: string): string {
  const plain = char.normalize('NFKD').replace(/\p{M}/gu, '');
  let out = '';
  for (const c of plain) {
    if (isGsm7Char(c)) out += c;
    else if (REPLACEMENTS[c] !== undefined && REPLACEMENTS[c] !== char) out += REPLACEMENTS[c];
    else return '?';
  }
  return out || '?';
}

/** How a text is encoded and how many segments Twilio will send (and charge) for it. */
export interface SegmentInfo {
  encoding: 'GSM-7' | 'UCS-2';
  /** Septets for GSM-7, UTF-16 code units for UCS-2. */
  units: number;
  segments: number;
}

/** Counts the segments `text` takes, the way the network splits it. */
export function segmentInfo(text: string): SegmentInfo {
  if (isGsm7(text)) {
    const costs = [...text].map((c) => (GSM7_EXTENSION.has(c) ? 2 : 1));
    const units = costs.reduce((a, b) => a + b, 0);
    return {
      encoding: 'GSM-7',
      units,
      segments: countSegments(costs, GSM7_SINGLE_SEGMENT, GSM7_CONCATENATED_SEGMENT),
    };
  }
  // A character outside the Basic Multilingual Plane takes two code units that cannot be split.
  const costs = [...text].map((c) => c.length);
  const units = costs.reduce((a, b) => a + b, 0);
  return {
    encoding: 'UCS-2',
    units,
    segments: countSegments(costs, UCS2_SINGLE_SEGMENT, UCS2_CONCATENATED_SEGMENT),
  };
}

function countSegments(costs: number[], single: number, concatenated: number): number {
  const total = costs.reduce((a, b) => a + b, 0);
  if (total <= single) return 1;
  // An escaped GSM-7 character (or a surrogate pair) is never split across two segments.
  let segments = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > concatenated) {
      segments += 1;
      used = 0;
    }
    used += cost;
  }
  return segments;
}

/** The most septets one message may hold: {@link MAX_SEGMENTS_PER_MESSAGE} concatenated segments. */
export const MAX_MESSAGE_SEPTETS = MAX_SEGMENTS_PER_MESSAGE * GSM7_CONCATENATED_SEGMENT;

function septets(text: string): number {
  return segmentInfo(text).units;
}

/**
 * Choices as text. One choice is offered by its words (a number would be read as the answer to
 * the question itself: "1" to "How many drinks?" means one drink). Up to three short choices
 * go on one line, "Reply 1 for Yes, 2 for No."; more, or ones with commas, as a numbered list.
 */
export function numberedChoices(labels: readonly string[]): string {
  if (labels.length === 0) return '';
  if (labels.length === 1) return `You can also reply "${labels[0]}".`;
  if (labels.length <= 3 && labels.every((l) => !l.includes(','))) {
    return `Reply ${labels.map((label, i) => `${i + 1} for ${label}`).join(', ')}.`;
  }
  return ['Reply with a number:', ...labels.map((label, i) => `${i + 1}. ${label}`)].join('\n');
}

/** Shortcuts offered as words: `You can also reply "Same as last time" or "Prefer not to say".` */
export function wordChoices(labels: readonly string[]): string {
  if (labels.length === 0) return '';
  const quoted = labels.map((l) => `"${l}"`);
  const list =
    quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
  return `You can also reply ${list}.`;
}

const CHOICE_ACTIONS = new Set(['imBack', 'postBack', 'messageBack']);

function choiceLabels(actions: readonly CardAction[] | undefined): string[] {
  return (actions ?? [])
    .filter((a) => CHOICE_ACTIONS.has(a.type))
    .map((a) => String(a.title ?? a.text ?? a.value ?? '').trim())
    .filter((t) => t !== '');
}

function linkLines(actions: readonly CardAction[] | undefined): string[] {
  return (actions ?? [])
    .filter((a) => a.type === 'openUrl' && typeof a.value === 'string')
    .map((a) => (a.title ? `${a.title}: ${String(a.value)}` : String(a.value)));
}

/** Text of the TextBlocks of an Adaptive Card, in order. */
function adaptiveCardText(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(adaptiveCardText);
  if (typeof node !== 'object' || node === null) return [];
  const record = node as Record<string, unknown>;
  const own = record.type === 'TextBlock' && typeof record.text === 'string' ? [record.text] : [];
  return [...own, ...['body', 'items', 'columns', 'facts'].flatMap((key) => adaptiveCardText(record[key]))];
}

/** A card as lines of text and the choices its buttons offer; other attachments say nothing. */
function renderAttachment(attachment: Attachment): { lines: string[]; choices: string[] } {
  const content = (attachment.content ?? {}) as Record<string, unknown>;
  if (/card\.(hero|thumbnail)$/.test(attachment.contentType)) {
    const lines = [content.title, content.subtitle, content.text].filter(
      (x): x is string => typeof x === 'string' && x.trim() !== '',
    );
    const buttons = Array.isArray(content.buttons) ? (content.buttons as CardAction[]) : [];
    return { lines: [...lines, ...linkLines(buttons)], choices: choiceLabels(buttons) };
  }
  if (attachment.contentType === 'application/vnd.microsoft.card.adaptive') {
    const actions = Array.isArray(content.actions)
      ? (content.actions as { type?: string; title?: string }[])
      : [];
    const choices = actions
      .filter((a) => a.type === 'Action.Submit' && typeof a.title === 'string')
      .map((a) => a.title as string);
    return { lines: adaptiveCardText(content.body), choices };
  }
  return { lines: [], choices: [] };
}

/** Drops the little Markdown the bot might use: **bold** and [text](link). */
function plainText(text: string): string {
  return text.replace(/\*\*(.+?)\*\*/g, '$1').replace(/\[([^\]]+)\]\((https?:[^)\s]+)\)/g, '$1 ($2)');
}

/**
 * One outgoing activity as the text of an SMS, in GSM-7: its text, any cards, and its
 * suggested actions as numbered choices. Undefined for what has no text (typing, delays,
 * traces, events).
 */
export function renderActivity(activity: Partial<Activity>): string | undefined {
  if ((activity.type ?? 'message') !== 'message') return undefined;
  const parts: string[] = [];
  if (activity.text?.trim()) parts.push(plainText(activity.text.trim()));
  const cardChoices: string[] = [];
  for (const attachment of activity.attachments ?? []) {
    const { lines, choices } = renderAttachment(attachment);
    parts.push(...lines.map(plainText));
    cardChoices.push(...choices);
  }
  const suggested = choiceLabels(activity.suggestedActions?.actions);
  const choices = suggested.length > 0 ? suggested : cardChoices;
  const links = linkLines(activity.suggestedActions?.actions);
  let text = parts.join('\n\n');
  // A question whose answer is a number (weight, days, drinks) shows its shortcuts as words:
  // "1" must stay an answer, not become a choice.
  const asWords = (activity.channelData as { choicesAsWords?: boolean } | undefined)?.choicesAsWords === true;
  if (choices.length > 0)
    text = `${text}\n${asWords ? wordChoices(choices) : numberedChoices(choices)}`.trim();
  if (links.length > 0) text = `${text}\n${links.join('\n')}`.trim();
  const gsm = toGsm7(text);
  return gsm === '' ? undefined : gsm;
}

/**
 * A word of a text, with the gap before it and how strong a place that gap is to break a
 * message at: 0 between two replies, 1 between paragraphs, 2 between lines, 3 between
 * sentences, 4 between words, 5 inside a word too long for one message.
 */
interface Unit {
  gap: string;
  level: number;
  text: string;
}

const SENTENCE_END = /[.!?:;]["')\]]*$/;

function unitsOf(text: string, max: number): Unit[] {
  const units: Unit[] = [];
  const tokens = text.split(/(\n{2,}| *\n *| +)/);
  let gap = '';
  let level = 0;
  for (const token of tokens) {
    if (token === '') continue;
    if (/^[ \n]+$/.test(token)) {
      const previous = units[units.length - 1];
      if (token.includes('\n\n')) [gap, level] = ['\n\n', 1];
      else if (token.includes('\n')) [gap, level] = ['\n', 2];
      else [gap, level] = [' ', previous && SENTENCE_END.test(previous.text) ? 3 : 4];
      continue;
    }
    hardCut(token, max).forEach((piece, i) =>
      units.push(i === 0 ? { gap, level, text: piece } : { gap: '', level: 5, text: piece }),
    );
  }
  if (units.length > 0) units[0] = { ...units[0], gap: '', level: 0 };
  return units;
}

function hardCut(word: string, max: number): string[] {
  if (septets(word) <= max) return [word];
  const pieces: string[] = [];
  let current = '';
  for (const char of word) {
    if (septets(current + char) > max) {
      pieces.push(current);
      current = '';
    }
    current += char;
  }
  if (current) pieces.push(current);
  return pieces;
}

/**
 * Lays words out into messages of at most `max` septets. Each message takes as many words as
 * fit, then gives back a few if that lets it end at a stronger boundary (a reply or paragraph
 * rather than a sentence, a sentence rather than a word) while staying at least half full.
 */
function layout(units: readonly Unit[], max: number): string[] {
  const messages: string[] = [];
  let start = 0;
  while (start < units.length) {
    // lengths[i]: septets of the message made of units start .. start + i.
    const lengths = [septets(units[start].text)];
    let end = start + 1;
    while (end < units.length) {
      const next = lengths[lengths.length - 1] + septets(units[end].gap) + septets(units[end].text);
      if (next > max) break;
      lengths.push(next);
      end += 1;
    }
    let cut = end;
    if (end < units.length) {
      let best = units[end].level;
      for (let k = end - 1; k > start && lengths[k - start - 1] >= max / 2; k -= 1) {
        if (units[k].level < best) [best, cut] = [units[k].level, k];
      }
    }
    messages.push(
      units
        .slice(start, cut)
        .reduce((text, unit, i) => (i === 0 ? unit.text : `${text}${unit.gap}${unit.text}`), ''),
    );
    start = cut;
  }
  return messages;
}

/**
 * Splits one text into messages of at most `max` septets, preferring to break between
 * paragraphs, then lines, then sentences, then words; a word longer than `max` is cut.
 */
export function splitText(text: string, max: number = MAX_MESSAGE_SEPTETS): string[] {
  return layout(unitsOf(text, max), max);
}

/**
 * The replies of one turn as the text messages to send, in order: each reply rendered
 * ({@link renderActivity}), a reply too long for one message split on paragraph, line and
 * sentence boundaries, and neighbouring replies joined into as few messages as fit in
 * {@link MAX_SEGMENTS_PER_MESSAGE} segments each.
 */
export function toSmsMessages(
  activities: readonly Partial<Activity>[],
  max: number = MAX_MESSAGE_SEPTETS,
): string[] {
  const texts = activities.map(renderActivity).filter((t): t is string => t !== undefined);
  return messagesFromTexts(texts, max);
}

/** As {@link toSmsMessages}, for texts already written (keyword answers): GSM-7, split and joined. */
export function messagesFromTexts(texts: readonly string[], max: number = MAX_MESSAGE_SEPTETS): string[] {
  const units = texts
    .map(toGsm7)
    .filter((t) => t !== '')
    .flatMap((t) => unitsOf(t, max).map((unit, i) => (i === 0 ? { ...unit, gap: '\n\n' } : unit)));
  return layout(units, max);
}
