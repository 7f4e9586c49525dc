import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { DEFAULT_KEY_ENV } from '../../../src-shared/config-schema';
import { loadConfig } from '../../core/config/load';
import { createRouter } from '../../core/router/create';
import { RouteError } from '../../core/router/types';
import { CliError, EXIT } from '../exit';
import { packageRoot } from '../../core/package-root';
import { userConfigPath } from '../paths';

const CHOICES = {
  anthropic: { label: 'Anthropic (Claude Haiku / Sonnet / Opus)', template: 'default.yaml', keyEnv: DEFAULT_KEY_ENV.anthropic },
  openai: { label: 'OpenAI (GPT-5 nano / mini / full)', template: 'openai.yaml', keyEnv: DEFAULT_KEY_ENV.openai },
  google: { label: 'Google (Gemini 2.5 Flash-Lite / Flash / Pro)', template: 'google.yaml', keyEnv: DEFAULT_KEY_ENV.google },
  demo: { label: 'Demo: simulated models, offline, no key needed', template: 'demo.yaml', keyEnv: undefined },
} as const;
type Choice = keyof typeof CHOICES;

interface InitOptions {
  provider?: string;
  output?: string;
  force?: boolean;
  check: boolean;
}

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('Pick a provider, check its API key and write a routing config')
    .option('-p, --provider <name>', `anthropic, openai, google or demo (asked when omitted)`)
    .option('-o, --output <file>', 'where to write the config', userConfigPath())
    .option('-f, --force', 'overwrite an existing config')
    .option('--no-check', 'do not verify the API key with a request')
    .action(async (opts: InitOptions) => {
      const ask = process.stdin.isTTY ? createInterface({ input: process.stdin, output: process.stderr }) : undefined;
      try {
        let choice = opts.provider ? parseChoice(opts.provider) : await pickProvider(ask);
        const keyEnv = CHOICES[choice].keyEnv;
        if (keyEnv && !process.env[keyEnv]) {
          const useDemo = ask && /^y?$/i.test((await ask.question(`${keyEnv} is not set. Use demo mode instead? [Y/n] `)).trim());
          if (!useDemo) throw new CliError(`${keyEnv} is not set: export ${keyEnv}=<your key> and run mmrouter init again, or use --provider demo`);
          choice = 'demo';
        }
        const output = resolve(opts.output ?? userConfigPath());
        if (existsSync(output) && !opts.force) {
          const overwrite = ask && /^y$/i.test((await ask.question(`${output} exists. Overwrite? [y/N] `)).trim());
          if (!overwrite) throw new CliError(`${output} already exists; pass --force to overwrite it`);
        }
        const template = join(packageRoot(), 'configs', CHOICES[choice].template);
        if (CHOICES[choice].keyEnv && opts.check) await checkKey(template, CHOICES[choice].keyEnv ?? '');
        mkdirSync(dirname(output), { recursive: true });
        copyFileSync(template, output);
        process.stdout.write(`Wrote ${output} (${CHOICES[choice].label}).\nTry: mmrouter${output === userConfigPath() ? '' : ` -c ${output}`} route "What is the capital of France?"\n`);
      } finally {
        ask?.close();
      }
    });
}

function parseChoice(v: string): Choice {
  if (Object.hasOwn(CHOICES, v)) return v as Choice;
  throw new CliError(`unknown provider '${v}'; choose one of: ${Object.keys(CHOICES).join(', ')}`);
}

async function pickProvider(ask: ReturnType<typeof createInterface> | undefined): Promise<Choice> {
  if (!ask) throw new CliError('no terminal to ask on: pass --provider anthropic|openai|google|demo');
  const names = Object.keys(CHOICES) as Choice[];
  process.stderr.write(`Which provider should mmrouter route to?\n${names.map((n, i) => `  ${i + 1}) ${CHOICES[n].label}`).join('\n')}\n`);
  const answer = (await ask.question('Choice [1]: ')).trim() || '1';
  const picked = names[Number(answer) - 1] ?? (Object.hasOwn(CHOICES, answer) ? (answer as Choice) : undefined);
  if (!picked) throw new CliError(`'${answer}' is not one of the choices`);
  return picked;
}

/** One tiny call to the cheapest model proves the key works before the config is written. */
async function checkKey(template: string, keyEnv: string): Promise<void> {
  const loaded = loadConfig(template);
  loaded.config.tracking.enabled = false;
  const router = await createRouter(loaded, { source: 'init' });
  const cheapest = loaded.config.routes.simple.factual.model;
  process.stderr.write(`Checking ${keyEnv} with ${cheapest}... `);
  try {
    await router.route({ model: cheapest, chat: { messages: [{ role: 'user', content: 'Reply with OK.' }], maxTokens: 5 }, source: 'init' });
    process.stderr.write('ok\n');
  } catch (err) {
    process.stderr.write('failed\n');
    if (err instanceof RouteError && err.errorClass === 'auth') throw new CliError(`the provider rejected the key in ${keyEnv}; check it and run mmrouter init again`);
    const why = err instanceof Error ? err.message : String(err);
    throw new CliError(`could not verify ${keyEnv}: ${why}. Pass --no-check to write the config anyway.`, EXIT.failure);
  } finally {
    await router.close();
  }
}
