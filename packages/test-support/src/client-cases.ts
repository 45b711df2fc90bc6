/** The frontmatter every hand-made case starts from. */
export const BASE_FRONTMATTER = 'name: reviewer\ndescription: Use to review code.';
const base = BASE_FRONTMATTER;

/** Hand-made definitions that exercise each rule of the conversion for other clients (golden files, conformance). */
export const CLIENT_CASES: [label: string, frontmatter: string][] = [
  ['read-only tools', `${base}\ntools: Read, Grep, Glob`],
  ['no tools list', base],
  ['an empty tools list', `${base}\ntools: []`],
  ['a restricted Bash', `${base}\ntools: Read, Grep, Glob, Bash(git diff:*)`],
  ['every model alias and effort', `${base}\ntools: Read, Grep, Glob, Write, Edit, Bash\nmodel: opus\neffort: max`],
  ['plan mode', `${base}\ntools: Read, Grep, Glob, Write, Bash\npermissionMode: plan`],
  ['a denied tool', `${base}\ndisallowedTools: Bash`],
  ['MCP servers and tools', `${base}\ntools: Read, Grep, Glob, mcp__github__get_issue\nmcpServers:\n  - github`],
  ['hooks', `${base}\ntools: Read, Bash\nhooks:\n  PreToolUse:\n    - matcher: Bash\n      hooks:\n        - type: command\n          command: ./guard.sh`],
  ['a turn limit', `${base}\ntools: Read, Grep, Glob\nmaxTurns: 5`],
  ['a turn limit and a worktree', `${base}\ntools: Read, Grep, Glob\nmaxTurns: 5\nisolation: worktree`],
  ['Claude-only fields', `${base}\ntools: Read, Grep, Glob\ncolor: blue\nmemory: project\nbackground: true\nskills: lint\ninitialPrompt: Start.`],
];

/** Prompts that break a format written carelessly: YAML and TOML delimiters, escapes, markup, invisible line breaks. */
export const HOSTILE_PROMPTS = [
  'Use ``` fences and `code`.\n\n```sh\nrm -rf "$DIR"\n```',
  'A TOML trap: """ then "" and a final quote "',
  'A line that closes frontmatter:\n---\nname: evil\n---\nand more',
  'Markup </script><script>alert(1)</script> and <!-- a comment -->',
  'A line separator \u2028 and a paragraph separator \u2029 inside',
  'Backslashes \\ at the end of a line \\\nand \\n written out, and a tab\there',
  'Quotes \' and " and a # that is not a comment: key = value',
];
