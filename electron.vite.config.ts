import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// Our roots are not electron-vite's defaults, so every entry is named explicitly
// (see ../shared/notes/environment.md). The desktop shell lands with the desktop-app issue.
export default defineConfig({
  main: { build: { lib: { entry: resolve(__dirname, 'src-main/app/index.ts') } } },
  preload: { build: { lib: { entry: resolve(__dirname, 'src-main/preload/index.ts') } } },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    plugins: [react()],
    build: { rolldownOptions: { input: resolve(__dirname, 'src-renderer/index.html') } },
  },
});
