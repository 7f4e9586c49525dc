import { resolve } from 'node:path';
import { build, type InlineConfig } from 'vite';
import electronViteConfig from '../../electron.vite.config';

export const RENDERER_OUT = resolve(__dirname, '../../out/renderer');

/**
 * Builds only the renderer, with the renderer section of electron.vite.config.ts (one definition
 * of how it is built), into out/renderer where `mmrouter dashboard` serves it from.
 */
export async function buildRenderer(): Promise<void> {
  // Loaded through a CommonJS interop the default export may arrive wrapped once more.
  const config = ((electronViteConfig as { default?: unknown }).default ?? electronViteConfig) as { renderer: InlineConfig };
  const renderer = config.renderer;
  await build({
    ...renderer,
    configFile: false,
    base: './',
    logLevel: 'warn',
    build: { ...renderer.build, outDir: RENDERER_OUT, emptyOutDir: true, chunkSizeWarningLimit: 4096 },
  });
}
