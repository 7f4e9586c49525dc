import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// DESIGN.md's import boundaries. Each file matches exactly one boundary block, because a later
// flat-config block that sets the same rule replaces (not extends) an earlier one.
const boundary = (files, patterns, ignores = []) => ({
  files,
  ignores,
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});
const electron = { regex: '^electron(/.*)?$', message: 'Only src-main/app and src-main/preload import electron.' };
const sdks = { regex: '^(openai|@anthropic-ai/sdk)(/.*)?$', message: 'Only src-main/core/providers imports the provider SDKs.' };
const aboveCore = { regex: '(^|/)(server|cli|app|preload)(/|$)', message: 'core imports src-shared only, never server, cli or the Electron shell.' };
const shell = { regex: '(^|/)(app|preload)(/|$)', message: 'server and cli sit on core, not on the Electron shell.' };
const mainCode = { regex: '(^|/)src-main(/|$)', message: 'The renderer talks to main only through the src-shared contract.' };

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
    { regex: '^(node:.*|fs|path|os|http|https|crypto|stream|url|util)$', message: 'src-shared is pure: no Node built-ins.' },
    { regex: '(^|/)(src-main|src-renderer)(/|$)', message: 'src-shared imports nothing of ours.' },
    electron,
    sdks,
  ]),
  boundary(['src-main/core/providers/**/*.ts'], [electron, aboveCore]),
  boundary(['src-main/core/**/*.ts'], [electron, sdks, aboveCore], ['src-main/core/providers/**']),
  boundary(['src-main/server/**/*.ts', 'src-main/cli/**/*.ts'], [electron, sdks, shell]),
  boundary(['src-renderer/**/*.{ts,tsx}'], [electron, sdks, mainCode]),
);
