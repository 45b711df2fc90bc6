import { relative } from 'node:path';
import type { FileReport } from '@agents/loader';
import type { Output } from './output.js';

export const FORMATS = ['text', 'json', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export interface Summary {
  files: number;
  errors: number;
  warnings: number;
}

export function summarize(reports: readonly FileReport[]): Summary {
  const all = reports.flatMap((report) => report.diagnostics);
  const errors = all.filter((diagnostic) => diagnostic.severity === 'error').length;
  return { files: reports.length, errors, warnings: all.length - errors };
}

/** Paths as the user sees them: relative to the working folder. */
export function displayPath(path: string, cwd: string): string {
  return relative(cwd, path) || '.';
}

/** `{ files: [{ path, name, diagnostics }], summary }`: the contract of `--format json`. */
export function formatJson(reports: readonly FileReport[], cwd: string): string {
  const files = reports.map((report) => ({
    path: displayPath(report.path, cwd),
    name: report.name,
    diagnostics: report.diagnostics.map(({ severity, code, message, line, column }) => ({ severity, code, message, line, column })),
  }));
  return JSON.stringify({ files, summary: summarize(reports) }, null, 2);
}

/** `path:line:col  severity  code  message` for every diagnostic, then a summary line. */
export function formatText(reports: readonly FileReport[], output: Pick<Output, 'style' | 'cwd'>): string {
  const lines: string[] = [];
  for (const report of reports) {
    const path = displayPath(report.path, output.cwd);
    for (const diagnostic of report.diagnostics) {
      const severity = diagnostic.severity === 'error' ? output.style('red', 'error  ') : output.style('yellow', 'warning');
      const location = output.style('bold', `${path}:${diagnostic.line}:${diagnostic.column}`);
      lines.push(`${location}  ${severity}  ${output.style('dim', diagnostic.code)}  ${diagnostic.message}`);
    }
  }
  lines.push(summaryLine(summarize(reports), output));
  return lines.join('\n');
}

function summaryLine(summary: Summary, output: Pick<Output, 'style'>): string {
  const counted = `${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')} in ${plural(summary.files, 'file')}`;
  return summary.errors > 0 ? output.style('red', `✖ ${counted}`) : output.style('green', `✔ ${counted}`);
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** GitHub Actions workflow commands, so errors annotate the pull request's diff. */
export function formatGithub(reports: readonly FileReport[], cwd: string): string {
  const lines: string[] = [];
  for (const report of reports) {
    const file = escapeProperty(displayPath(report.path, cwd));
    for (const diagnostic of report.diagnostics) {
      const level = diagnostic.severity === 'error' ? 'error' : 'warning';
      const properties = `file=${file},line=${diagnostic.line},col=${diagnostic.column},title=${escapeProperty(diagnostic.code)}`;
      lines.push(`::${level} ${properties}::${escapeData(diagnostic.message)}`);
    }
  }
  const summary = summarize(reports);
  lines.push(`${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')} in ${plural(summary.files, 'file')}`);
  return lines.join('\n');
}

// Escaping as the Actions runner's own toolkit does (@actions/core, command.ts).
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
