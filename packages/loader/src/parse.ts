import { type Agent, checkFrontmatter } from '@agents/schema';
import { byPosition, type Diagnostic, error, hasErrors, LineIndex, type Position, START } from './diagnostic.js';
import { type Frontmatter, splitFrontmatter } from './frontmatter.js';
import { hiddenCharacters, htmlComments } from './hidden.js';
import { type ParsedYaml, parseYaml } from './yaml.js';

export interface ParseResult {
  /** The definition, or `undefined` when the file has errors. */
  agent: Agent | undefined;
  /** Sorted by position. */
  diagnostics: Diagnostic[];
  /**
   * Where a frontmatter path stands in the file: a top-level key, or an item of a top-level list
   * (a deeper path stands at those; diagnostics are located at any depth); line 1 when unknown.
   */
  locate(path: readonly (string | number)[]): Position;
}

const atStart = () => START;

/**
 * Parses the text of an agent definition. Never throws and never evaluates
 * anything from the text: every problem becomes a located diagnostic.
 */
export function parseAgent(text: string): ParseResult {
  try {
    return parseUnsafe(text);
  } catch (problem) {
    // A bug of ours must not become the caller's crash.
    const message = problem instanceof Error ? problem.message : String(problem);
    return { agent: undefined, diagnostics: [error('internal-error', `the loader failed on this file: ${message}`)], locate: atStart };
  }
}

/** A text's frontmatter as YAML, and what was found reading it (hidden text anywhere in the file included): what every file with frontmatter goes through. */
export interface ReadFrontmatter {
  lines: LineIndex;
  diagnostics: Diagnostic[];
  /** Undefined when there is no frontmatter block to read. */
  split: Frontmatter<ParsedYaml> | undefined;
}

/** Reads the frontmatter block of an agent or skill file, as Claude Code finds it, with YAML parsed safely; never evaluates anything. */
export function readFrontmatter(text: string): ReadFrontmatter {
  const lines = new LineIndex(text);
  // Whatever the frontmatter holds, hidden text anywhere in the file is reported.
  const textDiagnostics = [...hiddenCharacters(text, lines), ...htmlComments(text, lines)];
  const split = splitFrontmatter(text, lines, (yaml, offset) => parseYaml(yaml, offset, lines));
  if ('code' in split) return { lines, diagnostics: [split, ...textDiagnostics], split: undefined };
  return { lines, diagnostics: [...textDiagnostics, ...split.parsed.diagnostics], split };
}

/** The body after the frontmatter, line breaks normalised, trimmed. */
export const bodyOf = (split: Frontmatter<ParsedYaml>): string => (split.body.includes('\r') ? split.body.replace(/\r\n/g, '\n') : split.body).trim();

function parseUnsafe(text: string): ParseResult {
  const { lines, diagnostics, split } = readFrontmatter(text);
  if (split === undefined) return finish(undefined, diagnostics, atStart);
  const yaml = split.parsed;
  if (yaml.data === undefined && hasErrors(diagnostics)) return finish(undefined, diagnostics, yaml.locateShallow);

  const checked = checkFrontmatter(yaml.data ?? {});
  for (const issue of checked.issues) {
    diagnostics.push({ severity: issue.severity, code: issue.code, message: issue.message, ...yaml.locate(issue.path) });
  }
  const prompt = bodyOf(split);
  if (prompt === '') {
    diagnostics.push({
      severity: 'warning',
      code: 'empty-prompt',
      message: 'the body after the frontmatter is empty: the agent has no system prompt',
      ...lines.position(lines.lineStart(split.closingLine)),
    });
  }
  if (checked.frontmatter === undefined || hasErrors(diagnostics)) return finish(undefined, diagnostics, yaml.locateShallow);
  return finish({ ...checked.frontmatter, prompt }, diagnostics, yaml.locateShallow);
}

function finish(agent: Agent | undefined, diagnostics: Diagnostic[], locate: ParseResult['locate']): ParseResult {
  return { agent, diagnostics: diagnostics.sort(byPosition), locate };
}
