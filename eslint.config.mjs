import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// DESIGN.md's import boundaries, enforced: each layer lists what it must not reach.
const boundary = (files, patterns) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});
const electron = { regex: '^electron(/.*)?$', message: 'Only src-main/app and src-main/preload import electron.' };
const sdks = { regex: '^(openai|@anthropic-ai/sdk)(/.*)?$', message: 'Only src-main/core/providers imports the provider SDKs.' };
const mainCode = { group: ['**/src-main/**', '../src-main/*'], message: 'The renderer talks to main only through the src-shared contract.' };

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', 'models/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly', Buffer: 'readonly', require: 'readonly', __dirname: 'readonly', fetch: 'readonly', AbortController: 'readonly', setImmediate: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', performance: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  boundary(['src-shared/**/*.ts'], [
    { group: ['node:*', 'fs', 'path', 'os', 'http', 'crypto'], message: 'src-shared is pure: no Node built-ins.' },
    { group: ['**/src-main/**', '../src-main/*', '**/src-renderer/**', '../src-renderer/*'], message: 'src-shared imports nothing of ours.' },
    electron,
    sdks,
  ]),
  boundary(['src-main/core/**/*.ts'], [
    electron,
    { group: ['**/server/**', '**/cli/**', '**/app/**', '**/preload/**', '../../server/*', '../../cli/*', '../../app/*'], message: 'core imports src-shared only.' },
  ]),
  boundary(['src-main/core/!(providers)/**/*.ts', 'src-main/core/*.ts'], [electron, sdks]),
  boundary(['src-main/server/**/*.ts', 'src-main/cli/**/*.ts'], [electron, sdks, { group: ['**/app/**', '**/preload/**'], message: 'server and cli sit on core, not on the Electron shell.' }]),
  boundary(['src-renderer/**/*.{ts,tsx}'], [electron, sdks, mainCode]),
);
