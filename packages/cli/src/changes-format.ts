import { type Output, summaryCell, summaryCode } from '@agents/kit';
import { type AgentChange, type ListChange, printable, type ToolGrant, type ValueChange } from '@agents/schema';

const showGrant = (grant: ToolGrant) => (grant === 'all' ? 'every tool' : grant.length === 0 ? 'none' : grant.join(', '));
const showValue = (value: unknown) => (value === null ? '(none)' : typeof value === 'string' ? value : JSON.stringify(value));

function listLine(change: ListChange): string {
  const parts = [...change.added.map((item) => `+${item}`), ...change.removed.map((item) => `-${item}`)];
  if (change.before === 'all' || change.after === 'all') return `${showGrant(change.before)} → ${showGrant(change.after)}`;
  return parts.join(' ');
}

/** The changed fields of an agent as `[field, description]` pairs, in a fixed order. */
function changeRows(change: AgentChange): [string, string][] {
  const rows: [string, string][] = [];
  if (change.tools) rows.push(['tools', listLine(change.tools)]);
  if (change.disallowedTools) rows.push(['disallowedTools', listLine(change.disallowedTools)]);
  const values: [string, ValueChange<unknown> | undefined][] = [
    ['model', change.model],
    ['permissionMode', change.permissionMode],
    ['hooks', change.hooks],
    ['mcpServers', change.mcpServers],
  ];
  for (const [field, value] of values) {
    if (value)
      rows.push([
        field,
        field === 'hooks' || field === 'mcpServers'
          ? value.after === null
            ? 'removed'
            : value.before === null
              ? 'added'
              : 'changed'
          : `${showValue(value.before)} → ${showValue(value.after)}`,
      ]);
  }
  rows.push(['prompt', change.prompt.changed ? 'changed' : 'unchanged']);
  return rows;
}

export function formatChangesText(changes: AgentChange[], base: string, output: Pick<Output, 'style'>): string {
  if (changes.length === 0) return `No agent changed since ${base}.`;
  const blocks = changes.map((change) => {
    // Names, paths, tools and values come from agent files: printed with their control characters spelled out.
    const head = `${output.style('bold', printable(change.name))}  ${change.status}  ${output.style('dim', printable(change.path))}`;
    const rows = change.status === 'removed' ? [] : changeRows(change).map(([field, text]) => `  ${field.padEnd(16)}${printable(text)}`);
    const gains = change.gains.map((gain) => `  ${output.style('yellow', '▲')} ${printable(gain)}`);
    return [head, ...rows, ...gains].join('\n');
  });
  const gaining = changes.filter((change) => change.gains.length > 0).length;
  return `${blocks.join('\n\n')}\n\n${changes.length} agent${changes.length === 1 ? '' : 's'} changed since ${base}, ${gaining} gaining capabilities.`;
}

/** A Markdown table for a pull request's job summary; every value in it escaped as a table cell. */
export function formatChangesMarkdown(changes: AgentChange[], base: string): string {
  if (changes.length === 0) return `### Agent capability changes\n\nNo agent changed since ${summaryCode(base)}.\n`;
  const rows = changes.map((change) => {
    const fields =
      change.status === 'removed'
        ? 'removed'
        : changeRows(change)
            .map(([field, text]) => `**${field}**: ${summaryCell(text)}`)
            .join('<br>');
    const gains = change.gains.map((gain) => `⚠️ ${summaryCell(gain)}`).join('<br>');
    return `| ${summaryCode(change.name)} | ${change.status} | ${fields} | ${gains} |`;
  });
  return `### Agent capability changes since ${summaryCode(base)}\n\n| agent | status | changes | gains |\n|---|---|---|---|\n${rows.join('\n')}\n`;
}
