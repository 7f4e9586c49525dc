import type { IncomingHttpHeaders } from 'node:http';
import type { ModelInfo } from '../core/router/types';

/** `auto` is listed first: it is what clients should send to get routed. */
const AUTO: ModelInfo = { name: 'auto', provider: 'mmrouter', providerType: 'router', upstreamModel: 'auto' };
// Stable across restarts: clients cache model lists and compare them.
const CREATED = 1_700_000_000;

export function allModels(models: ModelInfo[]): ModelInfo[] {
  return [AUTO, ...models];
}

/** Anthropic clients (they send `anthropic-version`) get Anthropic's model list shape. */
export function wantsAnthropicShape(headers: IncomingHttpHeaders): boolean {
  return headers['anthropic-version'] !== undefined;
}

function openaiModel(m: ModelInfo): unknown {
  return { id: m.name, object: 'model', created: CREATED, owned_by: m.provider };
}

function anthropicModel(m: ModelInfo): unknown {
  return { type: 'model', id: m.name, display_name: m.name, created_at: new Date(CREATED * 1000).toISOString() };
}

export function modelList(models: ModelInfo[], anthropic: boolean): unknown {
  const all = allModels(models);
  if (!anthropic) return { object: 'list', data: all.map(openaiModel) };
  return { data: all.map(anthropicModel), has_more: false, first_id: all[0]?.name ?? null, last_id: all[all.length - 1]?.name ?? null };
}

export function modelObject(models: ModelInfo[], id: string, anthropic: boolean): unknown {
  const m = allModels(models).find((x) => x.name === id);
  if (!m) return undefined;
  return anthropic ? anthropicModel(m) : openaiModel(m);
}
