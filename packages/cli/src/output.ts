import { styleText } from 'node:util';

/** Where a command writes; colours only when writing to a terminal. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
  /** Applies a style on a terminal, returns the text unchanged elsewhere. */
  style(format: Parameters<typeof styleText>[0], text: string): string;
  cwd: string;
}

export function processOutput(): Output {
  const colour = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    style: (format, text) => (colour ? styleText(format, text) : text),
    cwd: process.cwd(),
  };
}
