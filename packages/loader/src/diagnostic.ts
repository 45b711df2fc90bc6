import type { DiagnosticCode, Severity } from '@agents/schema';

/** A finding located in the original file: 1-based line and column, columns counted in characters. */
export interface Diagnostic {
  severity: Severity;
  /** A stable, machine-readable rule code, e.g. `yaml-syntax`. */
  code: DiagnosticCode;
  message: string;
  line: number;
  column: number;
}

export interface Position {
  line: number;
  column: number;
}

export const START: Position = { line: 1, column: 1 };

export function error(code: DiagnosticCode, message: string, at: Position = START): Diagnostic {
  return { severity: 'error', code, message, line: at.line, column: at.column };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((diagnostic) => diagnostic.severity === 'error');
}

/** Sorts by position, errors before warnings at the same place, so output is stable. */
export function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.line - b.line || a.column - b.column || (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1);
}

/**
 * Maps UTF-16 offsets of a text to lines and columns, columns counted in code
 * points. Line starts are found lazily, as far as asked: a clean file is never
 * indexed past its frontmatter.
 */
export class LineIndex {
  readonly #text: string;
  readonly #starts: number[] = [0];
  #scanned = 0;
  /** The last column counted: the next offset further along the same line counts on from it, not from the line's start. */
  #lastLineStart = -1;
  #lastOffset = 0;
  #lastColumn = 1;

  constructor(text: string) {
    this.#text = text;
  }

  /** Indexes line starts up to `offset`, or to the end. */
  #scanTo(offset: number): void {
    while (this.#scanned < offset && this.#scanned < this.#text.length) {
      const newline = this.#text.indexOf('\n', this.#scanned);
      if (newline === -1) {
        this.#scanned = this.#text.length;
        return;
      }
      this.#starts.push(newline + 1);
      this.#scanned = newline + 1;
    }
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.#text.length));
    this.#scanTo(clamped + 1);
    let low = 0;
    let high = this.#starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.#starts[middle]! <= clamped) low = middle;
      else high = middle - 1;
    }
    const lineStart = this.#starts[low]!;
    const resume = this.#lastLineStart === lineStart && this.#lastOffset <= clamped;
    let column = resume ? this.#lastColumn : 1;
    for (let index = resume ? this.#lastOffset : lineStart; index < clamped; index++) {
      const code = this.#text.charCodeAt(index);
      // The second half of a surrogate pair is the same character as the first;
      // the \r of a CRLF line ending is part of the line break, not a column.
      const crOfCrlf = code === 0x0d && this.#text.charCodeAt(index + 1) === 0x0a;
      if ((code < 0xdc00 || code > 0xdfff) && !crOfCrlf) column++;
    }
    this.#lastLineStart = lineStart;
    this.#lastOffset = clamped;
    this.#lastColumn = column;
    return { line: low + 1, column };
  }

  /** The offset of the first character of a 1-based line (the text's length past the last line). */
  lineStart(line: number): number {
    while (this.#starts.length < line && this.#scanned < this.#text.length) this.#scanTo(this.#scanned + 1);
    return this.#starts[line - 1] ?? this.#text.length;
  }
}
