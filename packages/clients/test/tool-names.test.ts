import { CAPABILITIES } from '@agents/schema';
import { describe, expect, it } from 'vitest';
import { CLIENT_TOOL_NAMES, type ToolNamesClient, toolClasses, writtenToolNames } from '../src/tool-names.js';

const CLIENTS = Object.keys(CLIENT_TOOL_NAMES) as ToolNamesClient[];

describe("each client's one table of tool names", () => {
  it.each(CLIENTS)('%s: every class the compiler writes names for reads back as itself, and as nothing more', (client) => {
    for (const capability of CAPABILITIES) {
      const names = writtenToolNames(client, new Set([capability]));
      const classes = toolClasses(client);
      expect(new Set(names.map((name) => classes[name])), `${client} ${capability}`).toEqual(names.length === 0 ? new Set() : new Set([capability]));
    }
  });

  it.each(CLIENTS)('%s: every name the read-back knows has a class, and those never written say why', (client) => {
    for (const [name, entry] of Object.entries(CLIENT_TOOL_NAMES[client])) {
      expect(CAPABILITIES, name).toContain(entry.capability);
      if ('notWritten' in entry) expect(writtenToolNames(client, new Set(CAPABILITIES)), name).not.toContain(name);
    }
  });
});
