import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { parseConfig } from '../../src-main/core/config/load';
import { createRouter } from '../../src-main/core/router/create';
import type { Router } from '../../src-main/core/router/router';
import { openTracker, type Tracker } from '../../src-main/core/tracker';
import { createServer, type RunningServer } from '../../src-main/server/server';
import type { RequestRecord } from '../../src-shared/routing';
import { startMockUpstream, type MockUpstream, type MockUpstreamOptions } from './mock-upstream';
import { waitForRecord } from './server-harness';

export const HAIKU = 'claude-haiku-4-5';
export const MINI = 'gpt-4o-mini';
export const BIG = 'gpt-4.1';

/** Prices (USD per million tokens) the policy tests compute costs with. */
export const PRICES: Record<string, { input: number; output: number; cache_read?: number; cache_write?: number }> = {
  [HAIKU]: { input: 1, output: 5, cache_read: 0.1, cache_write: 1.25 },
  [MINI]: { input: 0.15, output: 0.6 },
  [BIG]: { input: 2, output: 8 },
};

const CATEGORIES = ['factual', 'reasoning', 'creative', 'code'];

/** A route table section: each tier's model and fallbacks, the same for every category. */
export function routes(tiers: Record<'simple' | 'medium' | 'complex', [string, ...string[]]>): string {
  const tier = ([model, ...fallbacks]: string[]) => CATEGORIES.map((c) => `    ${c}: { model: ${model}, fallbacks: [${fallbacks.join(', ')}] }`).join('\n');
  return `routes:\n  simple:\n${tier(tiers.simple)}\n  medium:\n${tier(tiers.medium)}\n  complex:\n${tier(tiers.complex)}\n`;
}

export const DEFAULT_ROUTES = routes({ simple: [HAIKU, MINI], medium: [MINI, HAIKU], complex: [BIG, HAIKU] });

export function policyConfig(mock: MockUpstream, extra: string, opts: { routes?: string; timeoutMs?: number; retries?: number } = {}): string {
  const models = Object.entries(PRICES)
    .map(([name, p]) => `  ${name}:\n    provider: ${name.startsWith('claude') ? 'anthropic' : 'openai'}\n    pricing: ${JSON.stringify(p)}`)
    .join('\n');
  return `
providers:
  anthropic: { base_url: ${mock.anthropicBaseUrl} }
  openai: { base_url: ${mock.openaiBaseUrl} }
provider: { max_retries: ${opts.retries ?? 0}, timeout_ms: ${opts.timeoutMs ?? 5000} }
classifier: { strategy: rules }
tracking: { database: ./mmrouter.db, flush_interval_ms: 20 }
baseline_model: ${BIG}
models:
${models}
${opts.routes ?? DEFAULT_ROUTES}
${extra}
`;
}

export interface PolicyProxy {
  mock: MockUpstream;
  server: RunningServer;
  router: Router;
  /** A second connection to the database, as the CLI or GUI would read it. */
  reader: Tracker;
  /** Every record the router produced, in order (the database would hide a duplicate id). */
  records: RequestRecord[];
  dir: string;
  configPath: string;
  openai: OpenAI;
  anthropic: Anthropic;
  /** Waits until the write-behind tracker has stored the request, then returns it. */
  record(id: string): Promise<RequestRecord>;
  close(): Promise<void>;
}

/** The real proxy over the real router with the given policy sections, against a mock upstream. */
export interface PolicyProxyOptions {
  routes?: string;
  timeoutMs?: number;
  retries?: number;
  mock?: MockUpstreamOptions;
  /** Extra files written beside the config (variant configs, …). */
  files?: Record<string, string>;
  /** Runs once the config is written, before the router starts (e.g. the CLI creating an experiment). */
  before?: (configPath: string, dir: string) => Promise<void>;
}

export async function startPolicyProxy(extra: string, opts: PolicyProxyOptions = {}): Promise<PolicyProxy> {
  const mock = await startMockUpstream(opts.mock);
  const dir = mkdtempSync(join(tmpdir(), 'mmrouter-policy-'));
  for (const [name, text] of Object.entries(opts.files ?? {})) writeFileSync(join(dir, name), text);
  const configPath = join(dir, 'mmrouter.yaml');
  const text = policyConfig(mock, extra, opts);
  writeFileSync(configPath, text);
  await opts.before?.(configPath, dir);
  const env = { ANTHROPIC_API_KEY: 'sk-upstream-test', OPENAI_API_KEY: 'sk-upstream-test' };
  const loaded = parseConfig(text, configPath, env);
  const records: RequestRecord[] = [];
  const router = await createRouter(loaded, { source: 'proxy', env, onRecord: (r) => records.push(r) });
  const reader = openTracker({ path: loaded.databasePath, flushIntervalMs: 20 });
  const server = await createServer({ router, feedback: router.feedback, host: '127.0.0.1', port: 0 });
  return {
    mock,
    server,
    router,
    reader,
    records,
    dir,
    configPath,
    openai: new OpenAI({ apiKey: 'unused', baseURL: `${server.url}/v1`, maxRetries: 0 }),
    anthropic: new Anthropic({ apiKey: 'unused', baseURL: server.url, maxRetries: 0 }),
    record: (id) => waitForRecord(reader.log, id),
    async close() {
      await server.close();
      await reader.close();
      await mock.close();
    },
  };
}

/** Calls the mock received for one upstream model id. */
export function callsTo(mock: MockUpstream, model: string): number {
  return mock.requests.filter((r) => r.model === model).length;
}
