// The scheduled "Clients, latest" workflow: prints each client's pin beside the latest version on the registry (Markdown).
import { pinsAgainstLatest } from './client-versions.ts';

console.log(pinsAgainstLatest());
