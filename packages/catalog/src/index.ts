export { agentInstallCommands, type Capability, capabilities, categoryInstallCommands, type InstallCommand, toolGrant } from './capabilities.js';
export { CHROMIUM, launchChromium } from './chromium.js';
export { type Catalog, type CatalogAgent, type CatalogCategory, type CatalogResult, readCatalog } from './catalog.js';
export { escapeAttribute, revealHidden, text } from './html.js';
export { main } from './main.js';
export { renderMarkdown } from './markdown.js';
export { type RunningServer, serveSite } from './serve.js';
export { OutputFolderError, siteFiles, writeSite } from './site.js';
