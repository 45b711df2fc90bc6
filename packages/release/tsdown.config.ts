import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts', 'src/publish-command.ts', 'src/bootstrap.ts'],
  dts: true,
  fixedExtension: false,
});
