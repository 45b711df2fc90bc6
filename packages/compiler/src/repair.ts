import { parse, parseDocument } from 'yaml';

/** An agent file's text after the repairs that keep its meaning, and a sentence for each one made. */
export interface Repaired {
  text: string;
  fixes: string[];
}

/** A top-level `key: value` line with the value on it. */
const KEY_LINE = /^([A-Za-z_][\w-]*):[ \t]*(.*?)[ \t]*$/;
/** A plain value that YAML reads as something else: a mapping (`a: b`), an alias or anchor, a tag, a reserved character. */
const MISREAD_PLAIN = (value: string) => value.includes(': ') || /^[*&!%@`]/.test(value);
const QUOTED_OR_BLOCK = /^["'[{|>#]/;
const TOOL_KEYS = ['tools', 'disallowedTools'];

const yamlErrors = (frontmatter: string) => parseDocument(frontmatter).errors.length > 0;

/** The frontmatter's data; undefined when it does not parse, or uses an alias (never expanded). */
function frontmatterData(frontmatter: string): Record<string, unknown> | undefined {
  try {
    const data = parse(frontmatter, { maxAliasCount: 0 }) as unknown;
    return data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

interface Frontmatter {
  /** The frontmatter's lines, between the delimiters. */
  lines: string[];
  /** Everything from the closing delimiter on. */
  rest: string;
}

/** The frontmatter of a text that starts with `---`, or undefined. */
function splitText(text: string): Frontmatter | undefined {
  if (!text.startsWith('---\n')) return undefined;
  const closing = text.search(/\n---[ \t]*(\n|$)/);
  if (closing === -1) return undefined;
  return { lines: text.slice(4, closing).split('\n'), rest: text.slice(closing + 1) };
}

const joinText = ({ lines, rest }: Frontmatter) => `---\n${lines.join('\n')}\n${rest}`;

/** The index of a top-level key's line, and how many lines its value spans (a block list or scalar below it). */
function keySpan(lines: readonly string[], key: string): { index: number; length: number } | undefined {
  const index = lines.findIndex((line) => KEY_LINE.exec(line)?.[1] === key);
  if (index === -1) return undefined;
  let length = 1;
  while (index + length < lines.length && /^[ \t]/.test(lines[index + length]!)) length++;
  return { index, length };
}

/**
 * Repairs what keeps an agent file from loading, or loading as written, without changing what it means:
 * a byte order mark or blank lines before the frontmatter, CRLF line endings, a plain value YAML
 * misreads (`description: Use when: …`), whitespace around the name, a tools list written as one
 * string or as one item. The prompt's text is never touched (but for its line endings), nor is any
 * hidden character: the gate reports those, and the import refuses the file.
 */
export function repairAgentText(original: string): Repaired {
  const fixes: string[] = [];
  let text = original;
  if (text.startsWith('\uFEFF')) {
    text = text.slice(1);
    fixes.push('removed the byte order mark before the frontmatter');
  }
  const blank = /^(?:[ \t]*\r?\n)+(?=---)/.exec(text);
  if (blank) {
    text = text.slice(blank[0].length);
    fixes.push('removed the blank lines before the frontmatter');
  }
  if (text.includes('\r\n')) {
    text = text.replace(/\r\n/g, '\n');
    fixes.push('made CRLF line endings LF');
  }
  const frontmatter = splitText(text);
  if (frontmatter === undefined) return { text, fixes };
  const { lines } = frontmatter;

  if (yamlErrors(lines.join('\n'))) {
    const quoted: string[] = [];
    const repaired = lines.map((line, index) => {
      const match = KEY_LINE.exec(line);
      const value = match?.[2] ?? '';
      const continued = /^[ \t]/.test(lines[index + 1] ?? '');
      // `tools: *` means every tool to its author, and a tool named "*" once quoted: left for the author to say.
      if (match === null || continued || QUOTED_OR_BLOCK.test(value) || !MISREAD_PLAIN(value) || TOOL_KEYS.includes(match[1]!)) return line;
      quoted.push(match[1]!);
      return `${match[1]}: ${JSON.stringify(value)}`;
    });
    if (quoted.length > 0 && !yamlErrors(repaired.join('\n'))) {
      lines.splice(0, lines.length, ...repaired);
      fixes.push(`quoted the value of ${quoted.join(', ')}, which YAML read as something else (a ": " or a leading * or &)`);
    }
  }

  const data = frontmatterData(lines.join('\n'));
  if (data === undefined) return { text: joinText(frontmatter), fixes };
  const replace = (key: string, line: string) => {
    const span = keySpan(lines, key);
    if (span !== undefined) lines.splice(span.index, span.length, line);
  };
  if (typeof data.name === 'string' && data.name !== data.name.trim() && data.name.trim() !== '') {
    replace('name', `name: ${data.name.trim()}`);
    fixes.push('trimmed the whitespace around the name');
  }
  for (const key of TOOL_KEYS) {
    const value = data[key];
    const names =
      typeof value === 'string' && /^\[.*\]$/.test(value.trim())
        ? value.trim().slice(1, -1).split(',')
        : Array.isArray(value) && value.some((item) => typeof item === 'string' && item.includes(','))
          ? value.flatMap((item) => String(item).split(','))
          : undefined;
    if (names === undefined) continue;
    replace(
      key,
      `${key}: ${names
        .map((name) => name.trim().replace(/^["']|["']$/g, ''))
        .filter(Boolean)
        .join(', ')}`,
    );
    fixes.push(`${key}: a list written as one ${typeof value === 'string' ? 'string' : 'item'}, made a list of names`);
  }
  return { text: joinText(frontmatter), fixes };
}

/** The text with a top-level frontmatter key set to a plain value: its line replaced, or a line added before the closing `---`. */
export function withFrontmatterValue(text: string, key: string, value: string): string {
  const frontmatter = splitText(text);
  if (frontmatter === undefined) return text;
  const span = keySpan(frontmatter.lines, key);
  if (span === undefined) frontmatter.lines.push(`${key}: ${value}`);
  else frontmatter.lines.splice(span.index, span.length, `${key}: ${value}`);
  return joinText(frontmatter);
}
