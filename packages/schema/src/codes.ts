/**
 * Every rule code a diagnostic can carry. They are a stable interface (`--format json`, GitHub
 * annotations, scripts that filter on them): a code is added here, never renamed, and a code
 * that is not listed here does not compile.
 */
/** Findings of text a reader does not see: characters that hide or reorder text, and HTML comments. */
export const HIDDEN_TEXT_CODES = [
  'hidden-character',
  'bidi-control',
  'control-character',
  'non-breaking-space',
  'non-breaking-hyphen',
  'html-comment',
] as const;

export const DIAGNOSTIC_CODES = [
  // Reading the file
  'unreadable-file',
  'file-too-large',
  'binary-file',
  'invalid-utf8',
  'internal-error',
  // Frontmatter and its YAML
  'bom-before-frontmatter',
  'blank-before-frontmatter',
  'missing-frontmatter',
  'frontmatter-language',
  'unclosed-frontmatter',
  'frontmatter-delimiter',
  'escaped-delimiter',
  'frontmatter-too-large',
  'yaml-syntax',
  'yaml-tab-indent',
  'yaml-too-deep',
  'yaml-alias-expansion',
  'yaml-tag',
  'duplicate-key',
  'forbidden-key',
  'not-a-mapping',
  ...HIDDEN_TEXT_CODES,
  // Fields
  'missing-field',
  'invalid-type',
  'invalid-value',
  'invalid-name',
  'empty-description',
  'empty-model',
  'empty-value',
  'empty-prompt',
  'unknown-key',
  'unknown-tool',
  'duplicate-tool',
  'tool-list-reading',
  'tool-wildcard',
  'unknown-model',
  'unknown-color',
  'unknown-effort',
  // Capabilities
  'inherits-all-tools',
  'grants-tool',
  'bypass-permissions',
  'observer',
  'long-description',
  'context-cost',
  // The registry
  'unknown-category',
  'missing-category',
  'category-mismatch',
  'name-mismatch',
  'duplicate-name',
  'builtin-name',
  'category-name',
  'reserved-name',
  'symlink-escape',
  'irregular-file',
  'stale-folder',
  'registry-scope',
  'scaffold-placeholder',
  // A skill (SKILL.md and its files)
  'skill-name-mismatch',
  'runs-command',
  'runnable-file',
  'unknown-skill',
  'skill-dependencies',
  // An agent's package.json
  'package-json',
  'package-name',
  'package-version',
  'package-private',
  'package-license',
  'package-type',
  'package-files',
  'package-exports',
  'package-access',
  'package-dependencies',
  'package-scripts',
] as const;

export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];

const KNOWN: ReadonlySet<string> = new Set(DIAGNOSTIC_CODES);

export function isDiagnosticCode(code: string): code is DiagnosticCode {
  return KNOWN.has(code);
}
