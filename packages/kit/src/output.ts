import { styleText } from 'node:util';

/** Where a command writes; colours only when writing to a terminal. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
  /** Shows `label` with a spinner on a terminal if the work takes more than a second. */
  progress<T>(label: string, work: Promise<T>): Promise<T>;
  /** Applies a style on a terminal, returns the text unchanged elsewhere. */
  style(format: Parameters<typeof styleText>[0], text: string): string;
  cwd: string;
}

/** Streams already told to let a closed pipe go. */
const pipesHandled = new WeakSet<NodeJS.WriteStream>();

/**
 * A reader that stops reading (`agents list | head -1`) ends the output, not the command: what is left
 * is not written, the command finishes its work and its exit code stands. Without this, Node throws the
 * pipe's EPIPE as an uncaught error, with a stack trace.
 */
function letClosedPipeGo(stream: NodeJS.WriteStream): void {
  if (pipesHandled.has(stream)) return;
  pipesHandled.add(stream);
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

export function processOutput(): Output {
  letClosedPipeGo(process.stdout);
  letClosedPipeGo(process.stderr);
  const colour = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    progress: (label, work) => (process.stderr.isTTY ? spin(label, work) : work),
    style: (format, text) => (colour ? styleText(format, text) : text),
    cwd: process.cwd(),
  };
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

async function spin<T>(label: string, work: Promise<T>): Promise<T> {
  let frame = 0;
  let interval: NodeJS.Timeout | undefined;
  const delay = setTimeout(() => {
    interval = setInterval(() => process.stderr.write(`\r${FRAMES[frame++ % FRAMES.length]} ${label}`), 80);
  }, 1000);
  try {
    return await work;
  } finally {
    clearTimeout(delay);
    if (interval) {
      clearInterval(interval);
      process.stderr.write(`\r${' '.repeat(label.length + 2)}\r`);
    }
  }
}

/**
 * JSON for a terminal or a pipe: JSON.stringify escapes C0 controls but writes C1 controls (U+009B is a CSI
 * to some terminals), line and paragraph separators as they are; these are escaped too, the data unchanged.
 */
export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[\u007f-\u009f\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
