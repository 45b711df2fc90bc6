const START = '<!-- clients table: made from conformance.json by pnpm clients:table -->\n';
const END = '\n<!-- end of clients table -->';

/** docs/clients.md with `table` between its markers. */
export function replaceClientsTable(markdown: string, table: string): string {
  const start = markdown.indexOf(START);
  const end = markdown.indexOf(END);
  if (start === -1 || end < start) throw new Error('docs/clients.md has lost the markers of its clients table');
  return `${markdown.slice(0, start + START.length)}${table}${markdown.slice(end)}`;
}
