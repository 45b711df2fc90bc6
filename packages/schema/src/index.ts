export { loosensPermissions, SESSION_MODES_OVER_AGENT, type ToolGrant, toolGrant } from './capabilities.js';
export { type AgentChange, diffAgent, type ListChange, type SkillApprovals, type ValueChange, widens } from './capability-diff.js';
export { type CheckResult, checkFrontmatter, type Issue, isKnownModel, isKnownTool, LONG_DESCRIPTION, type Severity } from './check.js';
export {
  CLAUDE_CODE_READING_VERSION,
  claudeCodeFrontmatterEnd,
  claudeCodeToolList,
  grantedTool,
  MEMORY_TOOLS,
  splitToolEntries,
} from './claude-code-reading.js';
export { CAPABILITIES, type Capability, grantsAll, type ToolAccess, toolAccess } from './client-access.js';
export { CLIENTS, type Client, type ClientId, clientById, clientFile, clientPackagePath, readsSharedSkills, SHARED_SKILLS_DIR } from './clients.js';
export { DIAGNOSTIC_CODES, type DiagnosticCode, HIDDEN_TEXT_CODES, isDiagnosticCode } from './codes.js';
export { CONTEXT_COST_METHOD, contextCost, contextText } from './context-cost.js';
export {
  describeCodePoint,
  findHiddenCharacters,
  formatCodePoint,
  type HiddenCharacters,
  isHiddenCandidate,
  printable,
  replaceHiddenCharacters,
} from './hidden-characters.js';
export { AGENTS_DIR, agentDir, categoryDir, categoryManifestPath, SKILLS_DIR, skillDir } from './layout.js';
export { AGENT_FILE, AGENT_PACKAGE_ENTRY, AGENT_PACKAGE_EXPORTS, AGENT_PACKAGE_FILES, INSTALL_SCRIPTS, RUNTIME_DEPENDENCY_FIELDS } from './package-policy.js';
export { placeholderDescription, placeholderSkillDescription, scaffoldAgentText, scaffoldPlaceholderAt, scaffoldSkillText } from './scaffold.js';
export { type Agent, type AgentFrontmatter, type AgentFrontmatterInput, agentSchema, KNOWN_KEYS, toList } from './schema.js';
export {
  CLI_PACKAGE,
  cliSpec,
  DEFAULT_SCOPE,
  packageName,
  SCOPE_PATTERN,
  SKILL_PACKAGE_PREFIX,
  scopeProblem,
  skillPackageName,
  splitPackageName,
} from './scope.js';
export { checkSkillFrontmatter, commandsInInstructions, SKILL_DESCRIPTION_MAX, SKILL_FILE, type Skill, type SkillCheckResult } from './skill.js';
export { closest, didYouMean, editDistance } from './suggest.js';
export {
  BUILTIN_AGENT_NAMES,
  CATEGORIES,
  type Category,
  COLORS,
  type Color,
  EFFORT_LEVELS,
  ISOLATION_MODES,
  isAgentName,
  KNOWN_TOOLS,
  MEMORY_SCOPES,
  MODEL_ALIASES,
  MODEL_ID_PATTERN,
  NAME_MAX_LENGTH,
  NAME_PATTERN,
  PERMISSION_MODES,
  type PermissionMode,
  SEMVER_PATTERN,
} from './vocabulary.js';
