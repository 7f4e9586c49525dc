import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// Our roots are not electron-vite's defaults, so every entry is named explicitly
// (see ../shared/notes/environment.md). package.json has no "type": "module", so main and
// preload build to CommonJS, which a sandboxed preload requires.
export default defineConfig({
  main: {
    build: {
      lib: {
        entry: {
          index: resolve(__dirname, 'src-main/app/index.ts'),
          // The proxy's utility process: its own entry, forked by the main process.
          proxy: resolve(__dirname, 'src-main/app/proxy/process.ts'),
        },
      },
    },
  },
  preload: {
    // A sandboxed preload can require only a few Electron modules: bundle everything it imports.
    build: { lib: { entry: resolve(__dirname, 'src-main/preload/index.ts') }, externalizeDeps: false, isolatedEntries: true },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    plugins: [react()],
    build: { rolldownOptions: { input: resolve(__dirname, 'src-renderer/index.html') } },
  },
});
