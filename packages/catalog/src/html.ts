import { describeCodePoint, findHiddenCharacters } from '@agents/loader';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const codePoints = (values: number[]) => values.map((value) => `U+${value.toString(16).toUpperCase().padStart(4, '0')}`).join(' ');

/**
 * Replaces each character the security gate reports with a visible marker
 * naming it, in text that is already escaped (the characters are never special
 * to HTML, so offsets and escapes do not interfere).
 */
export function revealHidden(escaped: string): string {
  const found = findHiddenCharacters(escaped);
  if (found.length === 0) return escaped;
  let html = '';
  let from = 0;
  for (const { start, end, values, severity } of found) {
    const names = [...new Set(values.map(describeCodePoint))].join(', ');
    html += `${escaped.slice(from, start)}<mark class="hidden-char ${severity}" title="${escapeAttribute(names)}">${codePoints(values)}</mark>`;
    from = end;
  }
  return html + escaped.slice(from);
}

/** Untrusted text as HTML text: escaped, hidden characters made visible. */
export function text(value: string): string {
  return revealHidden(value.replace(/[&<>"']/g, (character) => ESCAPES[character]!));
}

/** Untrusted text where markup cannot go (an attribute value, the title): escaped, hidden characters spelled out as their code points. */
export function escapeAttribute(value: string): string {
  const escaped = value.replace(/[&<>"']/g, (character) => ESCAPES[character]!);
  const found = findHiddenCharacters(escaped);
  let plain = '';
  let from = 0;
  for (const { start, end, values } of found) {
    plain += `${escaped.slice(from, start)}[${codePoints(values)}]`;
    from = end;
  }
  return plain + escaped.slice(from);
}

/** `1 agent`, `4 agents`, `1 category`, `2 categories`. */
export function counted(count: number, noun: string, plural = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : plural}`;
}
