export { type ClientFile, clientFileMismatch, readClientFile, toolNamesAllow } from './client-file.js';
export { convertForClient, convertForClients } from './convert.js';
export type { Conversion, FieldRecord, Outcome } from './fidelity.js';
