// pnpm clients:table: writes the table of docs/clients.md from the pins of test/client-versions.ts (Node 24 reads TypeScript).
import { readFileSync, writeFileSync } from 'node:fs';
import { clientsTable } from './client-versions.ts';
import { replaceClientsTable } from './clients-table.ts';

const path = new URL('../docs/clients.md', import.meta.url);
writeFileSync(path, replaceClientsTable(readFileSync(path, 'utf8'), clientsTable()));
console.log('Wrote the clients table of docs/clients.md');
