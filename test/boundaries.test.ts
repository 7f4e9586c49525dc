import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** DESIGN.md's import rules are enforced by lint; these prove the rules fire where they should. */
async function lint(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint();
  const [result] = await eslint.lintText(code, { filePath: file });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it('keeps the provider SDKs inside core/providers', async () => {
    expect(await lint('src-main/core/router/x.ts', "import OpenAI from 'openai';\nexport const c = OpenAI;\n")).toEqual([
      expect.stringMatching(/Only src-main\/core\/providers imports the provider SDKs/),
    ]);
    expect(await lint('src-main/server/x.ts', "import Anthropic from '@anthropic-ai/sdk';\nexport const c = Anthropic;\n")).toHaveLength(1);
    expect(await lint('src-main/core/providers/x.ts', "import OpenAI from 'openai';\nexport const c = OpenAI;\n")).toEqual([]);
  });

  it('keeps src-shared free of Node and of our other layers', async () => {
    expect(await lint('src-shared/x.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n")).toHaveLength(1);
    expect(await lint('src-shared/x.ts', "import { Router } from '../src-main/core/router/router';\nexport const r = Router;\n")).toHaveLength(1);
  });

  it('keeps electron in the shell and core out of server, cli and the shell', async () => {
    expect(await lint('src-main/core/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
    expect(await lint('src-main/core/router/x.ts', "import { createServer } from '../../server/server';\nexport const s = createServer;\n")).toHaveLength(1);
    expect(await lint('src-main/cli/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
  });

  it('keeps the renderer away from main-process code', async () => {
    expect(await lint('src-renderer/x.ts', "import { Router } from '../src-main/core/router/router';\nexport const r = Router;\n")).toHaveLength(1);
  });
});
