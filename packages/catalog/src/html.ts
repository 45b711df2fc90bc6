import { describeCodePoint, formatCodePoint, replaceHiddenCharacters } from '@agents/schema';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const codePoints = (values: number[]) => values.map(formatCodePoint).join(' ');

/** Escapes the characters that are markup in HTML text and attribute values. */
export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (character) => ESCAPES[character]!);

/** Escaped text with each hidden character shown as a marker naming it. */
export function revealHidden(escaped: string): string {
  // Escaped text holds the characters the gate reports as they were: they are never special to HTML.
  return replaceHiddenCharacters(escaped, ({ values, severity }) => {
    const names = [...new Set(values.map(describeCodePoint))].join(', ');
    return `<mark class="hidden-char ${severity}" title="${escapeAttribute(names)}">${codePoints(values)}</mark>`;
  });
}

/** Untrusted text as HTML text: escaped, hidden characters made visible. */
export function text(value: string): string {
  return revealHidden(escapeHtml(value));
}

/** Untrusted text where markup cannot go (an attribute value, the title): escaped, hidden characters spelled out as their code points. */
export function escapeAttribute(value: string): string {
  return replaceHiddenCharacters(escapeHtml(value), ({ values }) => `[${codePoints(values)}]`);
}

/** `1 agent`, `4 agents`, `1 category`, `2 categories`. */
export function counted(count: number, noun: string, plural = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : plural}`;
}
