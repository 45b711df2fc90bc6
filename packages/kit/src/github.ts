import { printable } from '@agents/schema';

/**
 * Everything the registry's programs write for GitHub Actions: workflow commands (annotations) and job-summary Markdown.
 * Values come from agent files, so each is made printable first: a line break in a value could otherwise
 * start a workflow command of its own (`::stop-commands::`), and a `|` or `<` reshape the summary.
 */

// Escaping as the Actions runner's own toolkit does (@actions/core, command.ts).
const escapeData = (text: string) => printable(text).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

export interface AnnotationProperties {
  file: string;
  line: number;
  col?: number;
  title: string;
}

/** `::error file=…,line=…,col=…,title=…::message`: annotates the pull request's diff at that place. */
export function annotation(level: 'error' | 'warning', properties: AnnotationProperties, message: string): string {
  const fields = Object.entries(properties)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`);
  return `::${level} ${fields.join(',')}::${escapeData(message)}`;
}

const MARKUP: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '|': '&#124;' };

/** Text for a cell of a job-summary table: no HTML, no table separator, Markdown's emphasis and code taken literally. */
export function summaryCell(text: string): string {
  return printable(text)
    .replace(/[&<>"|]/g, (char) => MARKUP[char]!)
    .replace(/[\\`*_[\]~#!]/g, '\\$&');
}

/** Code in a job-summary cell (Markdown inside `<code>` is still Markdown: escaped as any cell). */
export const summaryCode = (text: string) => `<code>${summaryCell(text)}</code>`;
