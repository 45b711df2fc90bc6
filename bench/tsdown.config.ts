import { defineConfig } from 'tsdown';

export default defineConfig({ entry: ['src/main.ts', 'src/probes.ts'], dts: false, fixedExtension: false });
