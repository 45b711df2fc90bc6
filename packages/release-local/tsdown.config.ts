import { defineConfig } from 'tsdown';

export default defineConfig({ entry: ['src/release-local.ts'], dts: false, fixedExtension: false });
