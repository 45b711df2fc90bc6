import { describeCodePoint, findHiddenCharacters, type HiddenCharacters } from '@agents/schema';
import { type Diagnostic, error, type LineIndex, type Position } from './diagnostic.js';

type Finding = HiddenCharacters & { code: 'hidden-character' | 'bidi-control' | 'control-character' };

const WHY: Record<Finding['code'], string> = {
  'hidden-character': 'invisible to reviewers, read by the model; remove it',
  'bidi-control': 'reorders how the text is displayed, so reviewers do not see what the model reads; remove it',
  'control-character': 'a control character has no place in an agent definition; remove it',
};

/** One message for a run of characters: text hidden in tags or variation selectors is one finding, not one per byte. */
function message(finding: Finding, where: string): string {
  const { values } = finding;
  if (values.length === 1) return `${describeCodePoint(values[0]!)}${where}: ${WHY[finding.code]}`;
  const named = [...new Set(values.map(describeCodePoint))];
  const list = named.length > 3 ? `${named.slice(0, 3).join(', ')}, …` : named.join(', ');
  return `${values.length} hidden characters in a row (${list})${where}: ${WHY[finding.code]}`;
}

const WARNING_MESSAGES: Record<string, string> = {
  'non-breaking-space': 'looks like a space but is not one; use a plain space',
  'non-breaking-hyphen': 'looks like "-" but is not one; use a plain hyphen',
};

/** Errors for invisible and format characters anywhere in the text; warnings for non-breaking spaces and hyphens. */
export function hiddenCharacters(text: string, lines: LineIndex): Diagnostic[] {
  const diagnostics = findHiddenCharacters(text).map((found) => diagnosticOf(found, lines.position(found.start), ''));
  // Errors first, as the scan found them, then the warnings.
  return [...diagnostics.filter((found) => found.severity === 'error'), ...diagnostics.filter((found) => found.severity === 'warning')];
}

/**
 * The same findings in a string as the YAML parser returned it, all at the scalar's position: an escape
 * such as "\u200b" or "\e" puts into the value what the file's text does not show.
 */
export function hiddenInParsedString(value: string, at: () => Position): Diagnostic[] {
  return findHiddenCharacters(value).map((finding) => diagnosticOf(finding, at(), ' (in the parsed value: a YAML escape writes it)'));
}

function diagnosticOf(found: HiddenCharacters, at: Position, where: string): Diagnostic {
  if (found.severity === 'warning') {
    return { severity: 'warning', code: found.code, message: `${describeCodePoint(found.values[0]!)}${where}: ${WARNING_MESSAGES[found.code]}`, ...at };
  }
  return error(found.code, message(found as Finding, where), at);
}

/** HTML comments with text: hidden when the Markdown is rendered, read by the model. */
export function htmlComments(text: string, lines: LineIndex): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (let start = text.indexOf('<!--'); start !== -1; ) {
    const end = text.indexOf('-->', start + 4);
    if (text.slice(start + 4, end === -1 ? undefined : end).trim() !== '') {
      diagnostics.push({
        severity: 'warning',
        code: 'html-comment',
        message: 'an HTML comment with text: hidden when the Markdown is rendered, but the model reads it; make it visible or remove it',
        ...lines.position(start),
      });
    }
    if (end === -1) break;
    start = text.indexOf('<!--', end + 3);
  }
  return diagnostics;
}
