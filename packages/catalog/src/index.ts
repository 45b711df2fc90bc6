export { agentInstallCommands, type Capability, capabilities, categoryInstallCommands, type InstallCommand } from './capabilities.js';
export { type Catalog, type CatalogAgent, type CatalogCategory, type CatalogResult, readCatalog } from './catalog.js';
export { CHROMIUM, launchChromium } from './chromium.js';
export { CatalogError, type CatalogErrorCode } from './errors.js';
export { escapeAttribute, revealHidden, text } from './html.js';
export { main } from './main.js';
export { renderMarkdown } from './markdown.js';
export { type RunningServer, serveSite } from './serve.js';
export { siteFiles, sitePages, writeSite } from './site.js';
