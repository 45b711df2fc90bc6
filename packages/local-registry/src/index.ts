export { LocalRegistryError, type LocalRegistryErrorCode } from './errors.js';
export { registryEnvironment } from './npmrc.js';
export { type ProxyOptions, type RegistryProxy, startRegistryProxy } from './proxy.js';
export { DEFAULT_PUBLISHER, type Serving, type SigningRegistry, startSigningRegistry, type TestPublisher } from './signing-registry.js';
export { createRegistryUser, freePort, type LocalRegistry, type LocalRegistryOptions, startLocalRegistry } from './verdaccio.js';
