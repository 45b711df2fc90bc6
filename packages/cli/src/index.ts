export { CliError, type CliErrorCode } from './errors.js';
export { main } from './main.js';
