import { stringify } from 'yaml';

/**
 * A Markdown file with YAML frontmatter. Values are written by the yaml library, which quotes whatever
 * would otherwise read as something else (a `: `, a leading `-`, `---`); the prompt follows the closing
 * line as Claude Code read it (trimmed, LF line endings), so a client reading the body gets it unchanged.
 */
export function markdownFile(frontmatter: Record<string, unknown>, prompt: string): string {
  const defined = Object.fromEntries(Object.entries(frontmatter).filter(([, value]) => value !== undefined));
  return `---\n${stringify(defined, { lineWidth: 0 })}---\n\n${prompt}\n`;
}

// TOML basic strings: a backslash, a quotation mark and every control character but tab are escaped (TOML 1.0, "String").
const escapeBasic = (text: string, keepLineFeeds: boolean) =>
  text.replace(/[\\"\u0000-\u0008\u000a-\u001f\u007f]/g, (char) => {
    if (char === '\\') return '\\\\';
    if (char === '"') return '\\"';
    if (char === '\n') return keepLineFeeds ? '\n' : '\\n';
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });

/** A TOML basic string on one line. */
export const tomlString = (text: string): string => `"${escapeBasic(text, false)}"`;

/**
 * A TOML multi-line basic string that reads back as `text` exactly: line feeds stay line feeds (the one
 * right after the opening delimiter is dropped by TOML, so one is written), every quotation mark is
 * escaped (so no `"""` can close it early), every backslash too (so none trims a line ending).
 */
export const tomlMultiline = (text: string): string => `"""\n${escapeBasic(text, true)}"""`;
