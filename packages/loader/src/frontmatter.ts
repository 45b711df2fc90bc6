import { CLAUDE_CODE_READING_VERSION, claudeCodeFrontmatterEnd } from '@agents/schema';
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

/**
 * Splits a definition into frontmatter and body where Claude Code does. Claude
 * Code finds no frontmatter after a BOM, after blank lines, or without a
 * closing line, and then loads the agent with empty metadata: each of those is
 * an error here. No frontmatter library is involved (gray-matter, the usual
 * one, runs `---js` blocks through `eval`): the YAML is parsed by the caller's
 * `parseYaml`, given the block and its offset in `text`.
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
    // Frontmatter libraries (gray-matter) read any word after the opening dashes as the block's language.
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

  // The block starts right after the three dashes of line 1 (spaces after them included) and ends with the line break before the closing line.
  const yamlOffset = 3;
  const yaml = text.slice(yamlOffset, lines.lineStart(closingLine) - 1);
  return { parsed: parseYaml(yaml, yamlOffset), yaml, yamlOffset, body: text.slice(lines.lineStart(closingLine + 1)), closingLine };
}
