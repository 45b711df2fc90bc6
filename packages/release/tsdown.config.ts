import { defineConfig } from 'tsdown';

export default defineConfig({ entry: ['src/index.ts', 'src/release-local.ts'], dts: true, fixedExtension: false });
