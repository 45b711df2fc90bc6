import { relative } from 'node:path';
import { printable } from '@agents/schema';
import { annotation } from './github.js';
import { type Output, toJson } from './output.js';

/** A finding at a place in a file (the loader's `Diagnostic` is one). */
export interface ReportedDiagnostic {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  line: number;
  column: number;
}

/** A file and its findings (the loader's `FileReport` is one). */
export interface ReportedFile {
  /** Absolute path of the file. */
  path: string;
  name: string | null;
  diagnostics: readonly ReportedDiagnostic[];
}

export const FORMATS = ['text', 'json', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export interface Summary {
  files: number;
  errors: number;
  warnings: number;
}

export function summarize(reports: readonly ReportedFile[]): Summary {
  const all = reports.flatMap((report) => report.diagnostics);
  const errors = all.filter((diagnostic) => diagnostic.severity === 'error').length;
  return { files: reports.length, errors, warnings: all.length - errors };
}

/** Paths as the user sees them: relative to the working folder. */
export function displayPath(path: string, cwd: string): string {
  return relative(cwd, path) || '.';
}

/** `{ files: [{ path, name, diagnostics }], summary }`: the contract of `--format json`. */
export function formatJson(reports: readonly ReportedFile[], cwd: string): string {
  const files = reports.map((report) => ({
    path: displayPath(report.path, cwd),
    name: report.name,
    diagnostics: report.diagnostics.map(({ severity, code, message, line, column }) => ({ severity, code, message, line, column })),
  }));
  return toJson({ files, summary: summarize(reports) });
}

/** `path:line:col  severity  code  message` for every diagnostic, then a summary line. */
export function formatText(reports: readonly ReportedFile[], output: Pick<Output, 'style' | 'cwd'>): string {
  const lines: string[] = [];
  for (const report of reports) {
    const path = printable(displayPath(report.path, output.cwd));
    for (const diagnostic of report.diagnostics) {
      const severity = diagnostic.severity === 'error' ? output.style('red', 'error  ') : output.style('yellow', 'warning');
      const location = output.style('bold', `${path}:${diagnostic.line}:${diagnostic.column}`);
      lines.push(`${location}  ${severity}  ${output.style('dim', diagnostic.code)}  ${printable(diagnostic.message)}`);
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
export function formatGithub(reports: readonly ReportedFile[], cwd: string): string {
  const lines: string[] = [];
  for (const report of reports) {
    const file = displayPath(report.path, cwd);
    for (const { severity, line, column, code, message } of report.diagnostics) {
      lines.push(annotation(severity, { file, line, col: column, title: code }, message));
    }
  }
  const summary = summarize(reports);
  lines.push(`${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')} in ${plural(summary.files, 'file')}`);
  return lines.join('\n');
}

/** The reports in one of the formats of `--format`. */
export function formatReports(reports: readonly ReportedFile[], format: Format, output: Pick<Output, 'style' | 'cwd'>): string {
  if (format === 'json') return formatJson(reports, output.cwd);
  if (format === 'github') return formatGithub(reports, output.cwd);
  return formatText(reports, output);
}
