/**
 * The characters the gate reports as hidden, found in any text: one rule for the loader's diagnostics, the
 * catalog's display and every program's printed output (`printable`).
 *
 * Characters a reviewer cannot see but a model reads. A cheap scan skips runs
 * of printable ASCII; a table then picks out the candidates among the rest,
 * which are judged one by one, since zero-width joiners, variation selectors
 * and tag characters are also parts of legitimate emoji.
 */
const PLAIN_ASCII_RUN = /[\t\n\r\x20-\x7e]*/y;

/** Where the run of printable ASCII from `from` ends (matching the run is faster than searching past it). */
function plainRunEnd(text: string, from: number): number {
  PLAIN_ASCII_RUN.lastIndex = from;
  PLAIN_ASCII_RUN.exec(text);
  return PLAIN_ASCII_RUN.lastIndex;
}

/** Candidate code units of the Basic Multilingual Plane, as inclusive ranges. */
const BMP_CANDIDATES: [number, number][] = [
  // C0 and C1 controls but tab, line feed and carriage return (found apart, when alone); spaces and hyphens that only look plain.
  [0x00, 0x08],
  [0x0b, 0x0c],
  [0x0e, 0x1f],
  [0x7f, 0xa0],
  [0xad, 0xad],
  [0x2007, 0x2007],
  [0x2011, 0x2011],
  [0x202f, 0x202f],
  // Format characters (Unicode category Cf), and invisible fillers and joiners.
  [0x034f, 0x034f],
  [0x0600, 0x0605],
  [0x061c, 0x061c],
  [0x06dd, 0x06dd],
  [0x070f, 0x070f],
  [0x0890, 0x0891],
  [0x08e2, 0x08e2],
  [0x115f, 0x1160],
  [0x17b4, 0x17b5],
  [0x180b, 0x180f],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x206f],
  [0x2800, 0x2800],
  [0x3164, 0x3164],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
  [0xffa0, 0xffa0],
  [0xfff9, 0xfffb],
  // High surrogates of the planes that hold format characters; isAstralFormat decides on the code point.
  [0xd804, 0xd804],
  [0xd80d, 0xd80d],
  [0xd82f, 0xd82f],
  [0xd834, 0xd834],
  [0xdb40, 0xdb40],
];
const IS_CANDIDATE = new Uint8Array(0x10000);
for (const [from, to] of BMP_CANDIDATES) IS_CANDIDATE.fill(1, from, to + 1);

/** Tags and variation selectors (U+E0000–E01EF), and the format characters of other astral planes. */
function isAstralFormat(value: number): boolean {
  return (
    (value >= 0xe0000 && value <= 0xe01ef) ||
    value === 0x110bd ||
    value === 0x110cd ||
    (value >= 0x13430 && value <= 0x1343f) ||
    (value >= 0x1bca0 && value <= 0x1bca3) ||
    (value >= 0x1d173 && value <= 0x1d17a)
  );
}

/** Whether the scan stops at this code point (before judging emoji): exported for the test that covers all of Unicode. */
export function isHiddenCandidate(value: number): boolean {
  if (value > 0xffff) return isAstralFormat(value);
  return value !== 0x09 && value !== 0x0a && value !== 0x0d && IS_CANDIDATE[value] === 1 && !(value >= 0xd800 && value <= 0xdfff);
}

const NAMES: Record<number, string> = {
  0x000d: 'CARRIAGE RETURN',
  0x00a0: 'NO-BREAK SPACE',
  0x00ad: 'SOFT HYPHEN',
  0x034f: 'COMBINING GRAPHEME JOINER',
  0x061c: 'ARABIC LETTER MARK',
  0x115f: 'HANGUL CHOSEONG FILLER',
  0x1160: 'HANGUL JUNGSEONG FILLER',
  0x180e: 'MONGOLIAN VOWEL SEPARATOR',
  0x2007: 'FIGURE SPACE',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x2011: 'NON-BREAKING HYPHEN',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x202f: 'NARROW NO-BREAK SPACE',
  0x2060: 'WORD JOINER',
  0x2061: 'FUNCTION APPLICATION',
  0x2062: 'INVISIBLE TIMES',
  0x2063: 'INVISIBLE SEPARATOR',
  0x2064: 'INVISIBLE PLUS',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0x2800: 'BRAILLE PATTERN BLANK',
  0x3164: 'HANGUL FILLER',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE (BOM)',
  0xffa0: 'HALFWIDTH HANGUL FILLER',
};

/** `U+200B`: a code point as Unicode writes it. */
export const formatCodePoint = (value: number) => `U+${value.toString(16).toUpperCase().padStart(4, '0')}`;

/** `U+200B ZERO WIDTH SPACE`: a code point and its name, as the gate reports it. */
export function describeCodePoint(value: number): string {
  const name =
    NAMES[value] ??
    (value >= 0xe0000 && value <= 0xe007f
      ? 'TAG CHARACTER'
      : (value >= 0xfe00 && value <= 0xfe0f) || (value >= 0xe0100 && value <= 0xe01ef)
        ? 'VARIATION SELECTOR'
        : value < 0x20 || (value >= 0x7f && value <= 0x9f)
          ? 'CONTROL CHARACTER'
          : 'FORMAT CHARACTER');
  return `${formatCodePoint(value)} ${name}`;
}

const isPictographic = (value: number | undefined) => value !== undefined && /\p{Extended_Pictographic}/u.test(String.fromCodePoint(value));
const isEmojiModifier = (value: number | undefined) => value !== undefined && value >= 0x1f3fb && value <= 0x1f3ff;
const isVisible = (value: number | undefined) =>
  value !== undefined && !/[\s\p{Cc}\p{Cf}\p{M}]/u.test(String.fromCodePoint(value)) && !(value >= 0xfe00 && value <= 0xfe0f);
const isTag = (value: number | undefined) => value !== undefined && value >= 0xe0000 && value <= 0xe007f;
const BLACK_FLAG = 0x1f3f4;
const CANCEL_TAG = 0xe007f;
/**
 * The tag sequences of Unicode's RGI emoji set (emoji-sequences.txt, Emoji 16.0): the subdivision flags
 * of England, Scotland and Wales. Any other run of tag characters spells text that only a model reads.
 */
const RGI_FLAG_TAGS: ReadonlySet<string> = new Set(['gbeng', 'gbsct', 'gbwls']);

/** The code point before and after the one at `index` (a UTF-16 index). */
function neighbours(text: string, index: number, value: number): { before: number | undefined; after: number | undefined } {
  const previous = index > 0 ? text.codePointAt(index - 1) : undefined;
  // A low surrogate before us means the previous character is astral: read it from its high half.
  const before = previous !== undefined && previous >= 0xdc00 && previous <= 0xdfff && index > 1 ? text.codePointAt(index - 2) : previous;
  return { before, after: text.codePointAt(index + (value > 0xffff ? 2 : 1)) };
}

/**
 * An RGI subdivision flag, e.g. England: U+1F3F4, the tag letters "gbeng", U+E007F.
 * Returns the UTF-16 length of the tag run from `start` when it spells one, or 0.
 */
function flagTagRun(text: string, start: number): number {
  let spelled = '';
  for (let index = start; spelled.length <= 5; index += 2) {
    const value = text.codePointAt(index);
    if (value === CANCEL_TAG) return RGI_FLAG_TAGS.has(spelled) ? index + 2 - start : 0;
    if (value === undefined || !(value >= 0xe0020 && value <= 0xe007e)) return 0;
    spelled += String.fromCharCode(value - 0xe0000);
  }
  return 0;
}

/** A run of hidden characters the gate reports, by UTF-16 offsets into the text. */
export interface HiddenCharacters {
  code: 'hidden-character' | 'bidi-control' | 'control-character' | 'non-breaking-space' | 'non-breaking-hyphen';
  severity: 'error' | 'warning';
  start: number;
  end: number;
  values: number[];
}
function classify(value: number): 'hidden-character' | 'bidi-control' | 'control-character' {
  if ((value >= 0x202a && value <= 0x202e) || (value >= 0x2066 && value <= 0x2069) || value === 0x200e || value === 0x200f || value === 0x061c) {
    return 'bidi-control';
  }
  return value < 0x20 || (value >= 0x7f && value <= 0x9f) ? 'control-character' : 'hidden-character';
}

/**
 * Every character the gate reports, in text order: invisible and format
 * characters (errors, runs merged into one finding), non-breaking spaces and
 * hyphens (warnings). Legitimate emoji sequences are not reported.
 */
export function findHiddenCharacters(text: string): HiddenCharacters[] {
  const found: HiddenCharacters[] = [];
  let last: HiddenCharacters | undefined;
  let next = 0;
  for (let index = plainRunEnd(text, 0); index < text.length; index = plainRunEnd(text, next)) {
    next = index + 1;
    if (IS_CANDIDATE[text.charCodeAt(index)] !== 1) continue;
    const value = text.codePointAt(index)!;
    if (value > 0xffff && !isAstralFormat(value)) continue;
    if (value === 0xfeff && index === 0) continue; // reported by the frontmatter check, with its fix
    const { before, after } = neighbours(text, index, value);
    const end = index + (value > 0xffff ? 2 : 1);

    if (value === 0x00a0 || value === 0x2007 || value === 0x202f || value === 0x2011) {
      const code = value === 0x2011 ? 'non-breaking-hyphen' : 'non-breaking-space';
      found.push({ code, severity: 'warning', start: index, end, values: [value] });
      continue;
    }
    // Emoji: a joiner between pictographs, one variation selector after a visible character, a subdivision flag.
    if (value === 0x200d && (isPictographic(before) || isEmojiModifier(before) || before === 0xfe0f) && isPictographic(after)) continue;
    if (value >= 0xfe00 && value <= 0xfe0f && isVisible(before)) continue;
    if (value >= 0xe0100 && value <= 0xe01ef && before !== undefined && /\p{Ideographic}/u.test(String.fromCodePoint(before))) continue;
    if (isTag(value) && before === BLACK_FLAG) {
      const run = flagTagRun(text, index);
      if (run > 0) {
        next = index + run;
        continue;
      }
    }
    const code = classify(value);
    if (last !== undefined && last.end === index && last.code === code) {
      last.end = end;
      last.values.push(value);
    } else {
      last = { code, severity: 'error', start: index, end, values: [value] };
      found.push(last);
    }
  }
  // A carriage return not followed by a line feed hides the text before it from cat and most terminals.
  // The scan above passes over every carriage return (most are CRLF line endings): lone ones are found apart.
  return text.includes('\r') ? withLoneCarriageReturns(text, found) : found;
}

const LONE_CR = /\r(?!\n)/g;

function withLoneCarriageReturns(text: string, found: HiddenCharacters[]): HiddenCharacters[] {
  const lone: HiddenCharacters[] = [];
  for (const match of text.matchAll(LONE_CR)) {
    const previous = lone.at(-1);
    if (previous?.end === match.index) {
      previous.end++;
      previous.values.push(0x0d);
    } else lone.push({ code: 'control-character', severity: 'error', start: match.index, end: match.index + 1, values: [0x0d] });
  }
  return lone.length === 0 ? found : [...found, ...lone].sort((a, b) => a.start - b.start);
}

/** The text with each run of characters the gate reports replaced by what `replace` makes of it (`undefined` keeps it). */
export function replaceHiddenCharacters(text: string, replace: (found: HiddenCharacters) => string | undefined): string {
  let result = '';
  let from = 0;
  for (const found of findHiddenCharacters(text)) {
    const replacement = replace(found);
    if (replacement === undefined) continue;
    result += text.slice(from, found.start) + replacement;
    from = found.end;
  }
  return from === 0 ? text : result + text.slice(from);
}

const ESCAPED_BREAKS: Record<number, string> = { 0x09: '\\t', 0x0a: '\\n', 0x0d: '\\r' };
const escapeCodePoint = (value: number) =>
  ESCAPED_BREAKS[value] ?? (value < 0x20 || value === 0x7f ? `\\x${value.toString(16).padStart(2, '0')}` : formatCodePoint(value));

/**
 * Text from outside (an agent file, a manifest, a registry) made safe to print on one line of a terminal:
 * control characters are spelled out (`\x1b`, `\n`, `U+009B`), and so is every hidden character the gate
 * reports, so no escape sequence reaches the terminal and nothing is hidden from the reader.
 */
export function printable(text: string): string {
  const shown = replaceHiddenCharacters(text, (found) => (found.severity === 'error' ? found.values.map(escapeCodePoint).join('') : undefined));
  // What the gate lets through on a line of a file, but not on a line of output: line breaks and tabs.
  return /[\t\n\r]/.test(shown) ? shown.replace(/[\t\n\r]/g, (char) => escapeCodePoint(char.charCodeAt(0))) : shown;
}
