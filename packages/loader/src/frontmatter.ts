import { CLAUDE_CODE_READING_VERSION, claudeCodeFrontmatterEnd } from '@agents/schema';
import matter from 'gray-matter';
import { type Diagnostic, error, type LineIndex } from './diagnostic.js';

/** A frontmatter block found where Claude Code finds one: `---` on line 1, closed by a `---` line. */
export interface Frontmatter<T> {
  /** What the YAML parser returned for the block. */
  parsed: T;
  /** The YAML between the delimiter lines. Its offset 0 is the line break that ends line 1. */
  yaml: string;
  /** Offset of `yaml` in the whole text. */
  yamlOffset: number;
  /** The Markdown after the closing delimiter line. */
  body: string;
  /** The 1-based line of the closing delimiter. */
  closingLine: number;
}

const DELIMITER_LINE = /^---[ \t]*\r?$/;
/** The line break before a "---" line (spaces after it allowed) that ends the frontmatter. */
const CLOSING_LINE = /\n---[ \t]*\r?(?=\n|$)/g;

/** gray-matter runs `---js` frontmatter through `eval` by default; every engine here refuses, but YAML's. */
function refuse(): never {
  throw new Error('only YAML frontmatter is parsed');
}

/**
 * Splits a definition into frontmatter and body with gray-matter, after
 * checking the block is where Claude Code looks for it. Claude Code finds no
 * frontmatter after a BOM, after blank lines, or without a closing line, and
 * then loads the agent with empty metadata: each of those is an error here.
 * gray-matter is given options, so it caches nothing, and engines that never
 * run code; the YAML itself is parsed by the caller's `parseYaml`, given the
 * block and its offset in `text`.
 */
export function splitFrontmatter<T>(text: string, lines: LineIndex, parseYaml: (yaml: string, offset: number) => T): Frontmatter<T> | Diagnostic {
  if (text.charCodeAt(0) === 0xfeff) {
    return error(
      'bom-before-frontmatter',
      'the file starts with a byte order mark (U+FEFF): Claude Code then finds no frontmatter; save the file as UTF-8 without a BOM',
    );
  }
  const firstLine = text.slice(0, lines.lineStart(2)).replace(/\r?\n$/, '');
  if (!firstLine.startsWith('---')) {
    const blank = firstLine.trim() === '' && text.trimStart().startsWith('---');
    return blank
      ? error(
          'blank-before-frontmatter',
          'the file starts with a blank line: Claude Code only finds frontmatter when "---" is the very first line; delete the lines above it',
        )
      : error('missing-frontmatter', 'no frontmatter: the file must start with a "---" line, then YAML with name and description, then a "---" line');
  }
  if (!DELIMITER_LINE.test(firstLine)) {
    // gray-matter reads any word after the opening dashes as the frontmatter's language.
    const language = firstLine.slice(3).trim().slice(0, 40);
    return !language.startsWith('-')
      ? error(
          'frontmatter-language',
          `frontmatter in "${language}" is not allowed: only YAML frontmatter is read, and nothing in this file was evaluated; start the file with a plain "---" line`,
        )
      : error('missing-frontmatter', `line 1 must be exactly "---" to open the frontmatter, found "${firstLine.slice(0, 40)}"`);
  }
  CLOSING_LINE.lastIndex = firstLine.length;
  const closing = CLOSING_LINE.exec(text);
  if (closing === null) {
    return error(
      'unclosed-frontmatter',
      'the frontmatter opened on line 1 is never closed: add a "---" line after the YAML (Claude Code finds no frontmatter without it)',
    );
  }
  const closingLine = lines.position(closing.index + 1).line;
  // Claude Code ends the frontmatter at the first "---" after line 1, wherever it stands: anything else than
  // the closing line would hide the rest of the block (tools included) from it, and an agent without tools gets all.
  const claudeCodeEnd = claudeCodeFrontmatterEnd(text);
  if (claudeCodeEnd !== closing.index + 1) {
    const at = lines.position(claudeCodeEnd);
    return error(
      'frontmatter-delimiter',
      `"---" at line ${at.line}, column ${at.column} ends the frontmatter for Claude Code (${CLAUDE_CODE_READING_VERSION} ends it at the first "---" anywhere, even inside a value or a comment), so it would not read what follows; write it without three dashes in a row`,
      at,
    );
  }

  // gray-matter's block starts right after the three dashes, spaces after them included.
  const yamlOffset = 3;
  const expectedYaml = text.slice(yamlOffset, lines.lineStart(closingLine) - 1);
  let result: { parsed: T } | undefined;
  const parseEngine = (yaml: string) => {
    result = { parsed: parseYaml(yaml, yamlOffset) };
    return {};
  };
  // gray-matter copies its whole input into a Buffer: it is given the frontmatter block, not the body.
  const head = text.slice(0, closing.index + closing[0].length);
  const parsed = matter(head, {
    language: 'yaml',
    engines: { yaml: { parse: parseEngine }, javascript: refuse, js: refuse, json: refuse, coffee: refuse },
  });
  // No "---" stands inside the block (above), so gray-matter closes where Claude Code does.
  if (parsed.matter !== expectedYaml) throw new Error('gray-matter found another frontmatter block than Claude Code');
  // gray-matter skips a block of only comments or blanks without calling the engine.
  result ??= { parsed: parseYaml(expectedYaml, yamlOffset) };
  return { parsed: result.parsed, yaml: expectedYaml, yamlOffset, body: text.slice(lines.lineStart(closingLine + 1)), closingLine };
}
