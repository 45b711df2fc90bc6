import { defineConfig } from 'tsdown';

export default defineConfig({ entry: ['src/index.ts', 'src/walk-worker.ts'], dts: true, fixedExtension: false });
