/**
 * A local stand-in for the OpenAI chat completions and Responses APIs and Anthropic messages. It speaks their real
 * wire formats (JSON and SSE) so the official SDKs talk to it unchanged, and it can be scripted with
 * faults and replies. Built on node:http with no per-request heavy work: the proxy benchmark
 * measures sub-millisecond overheads against it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';

export interface MockReply {
  text?: string;
  toolCalls?: { name: string; arguments: string }[];
  /**
   * `input` counts ALL input tokens, cached ones included (like src-shared `Usage`). On the
   * Anthropic wire `input_tokens` excludes cache reads and writes, so it is sent as
   * input - cached - cacheWrite. OpenAI has no cache-write counter; `cacheWrite` is dropped there.
   * `reasoning` (part of `output`) is reported on OpenAI's wires only.
   */
  usage?: { input?: number; output?: number; cached?: number; cacheWrite?: number; reasoning?: number };
  finishReason?: 'stop' | 'length' | 'tool_calls';
}

export type MockFault =
  | { kind: 'status'; status: number; retryAfterSeconds?: number; body?: unknown }
  | { kind: 'delay'; ms: number }
  | { kind: 'hang' }
  | { kind: 'drop'; when: 'before-headers' | 'mid-stream' }
  | { kind: 'malformed' }
  /** A 200 event stream that reports an error in-band (as Anthropic does when it is overloaded mid-stream) after `after` events. */
  | { kind: 'stream-error'; after: number; type?: string; message?: string }
  /** The normal whole answer, compressed with this content encoding. */
  | { kind: 'compressed'; encoding: 'gzip' | 'deflate' | 'br' }
  | { kind: 'reply'; reply: MockReply };

export type MockFamily = 'openai' | 'anthropic';

export interface RecordedRequest {
  family: MockFamily;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body, or the raw text when it was not valid JSON. */
  body: unknown;
  /** The body exactly as received, for byte-for-byte checks. */
  raw: string;
  model: string;
  stream: boolean;
  /** Date.now() when the body had been read (before any latency or delay). */
  receivedAt: number;
  /** Date.now() when the caller closed the connection before the answer was complete. */
  cancelledAt?: number;
}

export interface MockUpstream {
  url: string;
  openaiBaseUrl: string;
  anthropicBaseUrl: string;
  requests: RecordedRequest[];
  /** Queue faults/replies; each is consumed by the next matching request (optionally only for one model id). */
  enqueue(fault: MockFault, opts?: { model?: string; times?: number }): void;
  /** Fails this share of the calls no queued fault matched, with one of `faults` picked at random; undefined stops it. */
  chaos(plan: ChaosPlan | undefined): void;
  reset(): void;
  close(): Promise<void>;
}

export interface ChaosPlan {
  rate: number;
  faults: readonly MockFault[];
  /** Seeded in tests that must replay; default Math.random. */
  random?: () => number;
}

export interface MockUpstreamOptions {
  port?: number;
  /** Delay before every answer (errors included). */
  latencyMs?: number;
  /** false: keep no RecordedRequest (benchmarks). Default true. */
  record?: boolean;
  /** Length a default answer is padded to (benchmarks of long streams). Default: one short sentence. */
  answerChars?: number;
}

type Json = Record<string, unknown>;

interface QueuedFault {
  fault: MockFault;
  model: string | undefined;
  remaining: number;
}

/** What the mock decided to answer, before it is written in a family's wire format. */
interface Answer {
  text: string;
  toolCalls: { id: string; name: string; arguments: string }[];
  finishReason: 'stop' | 'length' | 'tool_calls';
  input: number;
  output: number;
  cached: number;
  cacheWrite: number;
  reasoning: number;
}

/** The parts of a request body the answer depends on, read once from either family's shape. */
interface ParsedRequest {
  family: MockFamily;
  /** Set from MockUpstreamOptions.answerChars. */
  answerChars?: number;
  /** OpenAI's Responses API (`POST /v1/responses`) rather than chat completions. */
  responses: boolean;
  model: string;
  stream: boolean;
  includeUsage: boolean;
  inputChars: number;
  lastUserText: string;
  maxTokens: number | undefined;
  forcedTool: { name: string; parameters: unknown } | undefined;
  jsonSchema: unknown;
  wantsJson: boolean;
}

const KNOWN_MODELS = ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1-mini', 'gpt-4.1', 'claude-haiku-4-5', 'claude-sonnet-4-6', 'claude-opus-4-6'];

export async function startMockUpstream(opts: MockUpstreamOptions = {}): Promise<MockUpstream> {
  const latencyMs = opts.latencyMs ?? 0;
  const record = opts.record ?? true;
  const queue: QueuedFault[] = [];
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const ids = new IdSource();
  let chaos: ChaosPlan | undefined;

  function chaosFault(): MockFault | undefined {
    if (!chaos) return undefined;
    const random = chaos.random ?? Math.random;
    if (random() >= chaos.rate) return undefined;
    return chaos.faults[Math.floor(random() * chaos.faults.length)];
  }

  function later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  }

  function takeFault(model: string): MockFault | undefined {
    const i = queue.findIndex((q) => q.model === undefined || q.model === model);
    if (i < 0) return undefined;
    const q = queue[i]!;
    if (--q.remaining <= 0) queue.splice(i, 1);
    return q.fault;
  }

  function handle(req: IncomingMessage, res: ServerResponse, raw: string, receivedAt: number): void {
    const path = (req.url ?? '/').split('?')[0]!;
    const family = familyOf(req, path);
    if (!hasAuth(req, family)) {
      return sendJson(res, 401, errorBody(family, 401, undefined, ids), family, ids);
    }
    if (req.method === 'GET' && path === '/v1/models') {
      return sendJson(res, 200, family === 'anthropic' ? anthropicModelList(ids) : openaiModelList(), family, ids);
    }
    const isChat = req.method === 'POST' && (path === '/v1/chat/completions' || path === '/chat/completions');
    const isMessages = req.method === 'POST' && path === '/v1/messages';
    const isCount = req.method === 'POST' && path === '/v1/messages/count_tokens';
    const isResponses = req.method === 'POST' && (path === '/v1/responses' || path === '/responses');
    if (!isChat && !isMessages && !isCount && !isResponses) {
      return sendJson(res, 404, errorBody(family, 404, `Unknown request URL: ${req.method} ${path}`, ids), family, ids);
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      body = undefined;
    }
    const parsed = isRecord(body) ? (isResponses ? parseResponsesRequest(body) : parseRequest(family, body)) : undefined;
    if (parsed && opts.answerChars) parsed.answerChars = opts.answerChars;
    if (record && !isCount) {
      const recorded: RecordedRequest = { family, path, headers: req.headers, body: body ?? raw, raw, model: parsed?.model ?? '', stream: parsed?.stream ?? false, receivedAt };
      requests.push(recorded);
      res.once('close', () => {
        if (!res.writableFinished) recorded.cancelledAt = Date.now();
      });
    }
    if (!parsed) {
      return sendJson(res, 400, errorBody(family, 400, 'We could not parse the JSON body of your request.', ids), family, ids);
    }
    if (isCount) return sendJson(res, 200, { input_tokens: tokens(parsed.inputChars) }, family, ids);

    const fault = takeFault(parsed.model) ?? chaosFault();
    if (fault?.kind === 'delay') return later(fault.ms, () => answer(res, parsed, undefined));
    answer(res, parsed, fault);
  }

  function answer(res: ServerResponse, req: ParsedRequest, fault: MockFault | undefined): void {
    if (gone(res)) return;
    switch (fault?.kind) {
      case 'hang':
        return;
      case 'drop':
        if (fault.when === 'before-headers') {
          res.socket?.destroy();
          return;
        }
        if (req.stream) return sendStream(res, req, buildAnswer(req, undefined, ids), ids, 'drop');
        return sendTruncated(res, req, buildAnswer(req, undefined, ids), ids);
      case 'status': {
        const headers: Record<string, string> = {};
        if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
        return sendJson(res, fault.status, fault.body ?? errorBody(req.family, fault.status, undefined, ids), req.family, ids, headers);
      }
      case 'malformed':
        if (req.stream) return sendStream(res, req, buildAnswer(req, undefined, ids), ids, 'malformed');
        return sendRaw(res, 200, '{"id":"broken', req.family, ids);
      case 'stream-error':
        return sendStreamError(res, req, buildAnswer(req, undefined, ids), ids, fault);
      case 'compressed': {
        const a = buildAnswer(req, undefined, ids);
        const json = JSON.stringify(wholeAnswer(req, a, ids));
        const compress = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync }[fault.encoding];
        return sendRaw(res, 200, compress(json), req.family, ids, { 'content-encoding': fault.encoding });
      }
      case 'reply':
      case 'delay':
      case undefined: {
        const a = buildAnswer(req, fault?.kind === 'reply' ? fault.reply : undefined, ids);
        if (req.stream) return sendStream(res, req, a, ids, 'ok');
        return sendJson(res, 200, wholeAnswer(req, a, ids), req.family, ids);
      }
    }
  }

  const server = createServer({ noDelay: true }, (req, res) => {
    const chunks: Buffer[] = [];
    // A client that aborts while sending its body makes `req` emit an error; that is the client's
    // business, and unhandled it would crash the test process.
    req.on('error', () => undefined);
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
      const receivedAt = Date.now();
      if (latencyMs > 0) later(latencyMs, () => handle(req, res, raw, receivedAt));
      else handle(req, res, raw, receivedAt);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    openaiBaseUrl: `${url}/v1`,
    anthropicBaseUrl: url,
    requests,
    enqueue(fault, o = {}) {
      queue.push({ fault, model: o.model, remaining: o.times ?? 1 });
    },
    chaos(plan) {
      chaos = plan;
    },
    reset() {
      chaos = undefined;
      queue.length = 0;
      requests.length = 0;
    },
    close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive and hanging connections would otherwise hold close() open.
        server.closeAllConnections();
      });
    },
  };
}

// ---------------------------------------------------------------- request reading

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function familyOf(req: IncomingMessage, path: string): MockFamily {
  if (path.startsWith('/v1/messages')) return 'anthropic';
  if (path.includes('chat/completions') || path.endsWith('/responses')) return 'openai';
  return req.headers['anthropic-version'] !== undefined || req.headers['x-api-key'] !== undefined ? 'anthropic' : 'openai';
}

/** Any non-empty key is accepted. Anthropic SDK 1.x sends its key as a Bearer token, older clients as x-api-key. */
function hasAuth(req: IncomingMessage, family: MockFamily): boolean {
  const bearer = /^Bearer\s+\S/i.test(req.headers.authorization ?? '');
  if (family === 'openai') return bearer;
  const key = req.headers['x-api-key'];
  return bearer || (typeof key === 'string' && key.length > 0);
}

/** Sum of the characters of message text (strings and `text` parts), tool-call arguments and tool inputs. */
function textChars(v: unknown): number {
  if (typeof v === 'string') return v.length;
  if (Array.isArray(v)) {
    let n = 0;
    for (const x of v) n += textChars(x);
    return n;
  }
  if (!isRecord(v)) return 0;
  let n = textChars(v.content) + textChars(v.text) + textChars(v.tool_calls);
  if (isRecord(v.function)) n += textChars(v.function.arguments);
  if (isRecord(v.input)) n += JSON.stringify(v.input).length;
  return n;
}

function lastUserText(messages: unknown[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (!isRecord(m) || m.role !== 'user') continue;
    if (typeof m.content === 'string') return m.content;
    if (Array.isArray(m.content)) {
      for (const part of m.content) if (isRecord(part) && typeof part.text === 'string') return part.text;
    }
    return '';
  }
  return '';
}

interface ToolSpec {
  name: string;
  parameters: unknown;
}

function openaiTools(body: Json): ToolSpec[] {
  if (!Array.isArray(body.tools)) return [];
  const out: ToolSpec[] = [];
  for (const t of body.tools) {
    if (isRecord(t) && isRecord(t.function) && typeof t.function.name === 'string') {
      out.push({ name: t.function.name, parameters: t.function.parameters });
    }
  }
  return out;
}

function anthropicTools(body: Json): ToolSpec[] {
  if (!Array.isArray(body.tools)) return [];
  const out: ToolSpec[] = [];
  for (const t of body.tools) {
    if (isRecord(t) && typeof t.name === 'string') out.push({ name: t.name, parameters: t.input_schema });
  }
  return out;
}

function forcedTool(tools: ToolSpec[], choice: unknown, family: MockFamily): ToolSpec | undefined {
  if (tools.length === 0) return undefined;
  const pick = (name: unknown) => tools.find((t) => t.name === name) ?? tools[0];
  if (family === 'openai') {
    if (choice === 'required') return tools[0];
    if (isRecord(choice) && choice.type === 'function' && isRecord(choice.function)) return pick(choice.function.name);
    return undefined;
  }
  if (!isRecord(choice)) return undefined;
  if (choice.type === 'any') return tools[0];
  if (choice.type === 'tool') return pick(choice.name);
  return undefined;
}

function parseRequest(family: MockFamily, body: Json): ParsedRequest {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const model = typeof body.model === 'string' ? body.model : '';
  const stream = body.stream === true;
  const maxRaw = body.max_completion_tokens ?? body.max_tokens;
  const maxTokens = typeof maxRaw === 'number' ? maxRaw : undefined;
  if (family === 'openai') {
    const rf = isRecord(body.response_format) ? body.response_format : undefined;
    const schema = rf?.type === 'json_schema' && isRecord(rf.json_schema) ? rf.json_schema.schema : undefined;
    return {
      family,
      responses: false,
      model,
      stream,
      includeUsage: isRecord(body.stream_options) && body.stream_options.include_usage === true,
      inputChars: textChars(messages),
      lastUserText: lastUserText(messages),
      maxTokens,
      forcedTool: forcedTool(openaiTools(body), body.tool_choice, family),
      jsonSchema: schema,
      wantsJson: rf?.type === 'json_object' || rf?.type === 'json_schema',
    };
  }
  // Structured outputs arrive as output_config.format (current API) or output_format (beta).
  const outputConfig = isRecord(body.output_config) ? body.output_config : undefined;
  const format = isRecord(outputConfig?.format) ? outputConfig.format : isRecord(body.output_format) ? body.output_format : undefined;
  const schema = format?.type === 'json_schema' ? format.schema : undefined;
  return {
    family,
    responses: false,
    model,
    stream,
    includeUsage: true,
    inputChars: textChars(body.system) + textChars(messages),
    lastUserText: lastUserText(messages),
    maxTokens,
    forcedTool: forcedTool(anthropicTools(body), body.tool_choice, family),
    jsonSchema: schema,
    wantsJson: format !== undefined,
  };
}

/** Characters of a Responses input: message text, function-call arguments and their outputs. */
function responsesInputChars(input: unknown): number {
  if (!Array.isArray(input)) return textChars(input);
  let n = 0;
  for (const item of input) if (isRecord(item)) n += textChars(item.content) + textChars(item.arguments) + textChars(item.output);
  return n;
}

function parseResponsesRequest(body: Json): ParsedRequest {
  const tools: ToolSpec[] = [];
  for (const t of Array.isArray(body.tools) ? body.tools : []) {
    if (isRecord(t) && t.type === 'function' && typeof t.name === 'string') tools.push({ name: t.name, parameters: t.parameters });
  }
  const choice = body.tool_choice;
  const forced = choice === 'required' ? tools[0] : isRecord(choice) && choice.type === 'function' ? (tools.find((t) => t.name === choice.name) ?? tools[0]) : undefined;
  const format = isRecord(body.text) && isRecord(body.text.format) ? body.text.format : undefined;
  const input = body.input;
  return {
    family: 'openai',
    responses: true,
    model: typeof body.model === 'string' ? body.model : '',
    stream: body.stream === true,
    includeUsage: true,
    inputChars: textChars(body.instructions) + responsesInputChars(input),
    lastUserText: typeof input === 'string' ? input : Array.isArray(input) ? lastUserText(input) : '',
    maxTokens: typeof body.max_output_tokens === 'number' ? body.max_output_tokens : undefined,
    forcedTool: forced,
    jsonSchema: format?.type === 'json_schema' ? format.schema : undefined,
    wantsJson: format?.type === 'json_object' || format?.type === 'json_schema',
  };
}

// ---------------------------------------------------------------- answer building

function tokens(chars: number): number {
  return Math.ceil(chars / 4);
}

/** A small value that satisfies common JSON Schemas: every required property, first enum value. */
function sampleFromSchema(schema: unknown, depth = 0): unknown {
  if (!isRecord(schema) || depth > 8) return {};
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const variants = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(variants) && variants.length > 0) return sampleFromSchema(variants[0], depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return 'mock';
    case 'number':
    case 'integer':
      return typeof schema.minimum === 'number' ? schema.minimum : 0;
    case 'boolean':
      return false;
    case 'null':
      return null;
    case 'array':
      return [];
    default: {
      const props = isRecord(schema.properties) ? schema.properties : {};
      const required = Array.isArray(schema.required) ? schema.required : [];
      const out: Json = {};
      for (const key of required) if (typeof key === 'string') out[key] = sampleFromSchema(props[key], depth + 1);
      return out;
    }
  }
}

function defaultText(req: ParsedRequest): string {
  let text = `Mock answer from ${req.model} to: ${req.lastUserText.slice(0, 40)}`;
  while (text.length < (req.answerChars ?? 0)) text += ' And a further sentence of the same long answer.';
  if (!req.wantsJson) return text;
  return JSON.stringify(req.jsonSchema === undefined ? { answer: text } : sampleFromSchema(req.jsonSchema));
}

function buildAnswer(req: ParsedRequest, reply: MockReply | undefined, ids: IdSource): Answer {
  const toolId = () => (req.family === 'openai' ? ids.next('call_') : ids.next('toolu_'));
  let toolCalls: Answer['toolCalls'];
  if (reply?.toolCalls) toolCalls = reply.toolCalls.map((t) => ({ id: toolId(), name: t.name, arguments: t.arguments }));
  else if (!reply && req.forcedTool) {
    toolCalls = [{ id: toolId(), name: req.forcedTool.name, arguments: JSON.stringify(sampleFromSchema(req.forcedTool.parameters)) }];
  } else toolCalls = [];

  let text = reply?.text ?? (toolCalls.length > 0 ? '' : defaultText(req));
  let finishReason = reply?.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop');
  let output = tokens(text.length + toolCalls.reduce((n, t) => n + t.arguments.length, 0));
  if (!reply && req.maxTokens !== undefined && toolCalls.length === 0 && output > req.maxTokens) {
    text = text.slice(0, Math.max(0, req.maxTokens * 4));
    output = req.maxTokens;
    finishReason = 'length';
  }
  return {
    text,
    toolCalls,
    finishReason,
    input: reply?.usage?.input ?? tokens(req.inputChars),
    output: reply?.usage?.output ?? output,
    cached: reply?.usage?.cached ?? 0,
    cacheWrite: reply?.usage?.cacheWrite ?? 0,
    reasoning: reply?.usage?.reasoning ?? 0,
  };
}

/** Splits at word boundaries into pieces of at least `size` characters, so streams carry several deltas. */
function pieces(s: string, size: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const word of s.match(/\S*\s*/g) ?? []) {
    cur += word;
    if (cur.length >= size) {
      out.push(cur);
      cur = '';
    }
  }
  if (cur) out.push(cur);
  return out;
}

/** Splits by code point count, for JSON arguments where word boundaries do not matter. */
function slices(s: string, parts: number): string[] {
  const cps = Array.from(s);
  const size = Math.max(1, Math.ceil(cps.length / parts));
  const out: string[] = [];
  for (let i = 0; i < cps.length; i += size) out.push(cps.slice(i, i + size).join(''));
  return out;
}

class IdSource {
  private readonly base = Math.random().toString(36).slice(2, 10);
  private n = 0;
  next(prefix: string): string {
    return `${prefix}mock${this.base}${(this.n++).toString(36)}`;
  }
}

// ---------------------------------------------------------------- OpenAI wire format

function openaiUsage(a: Answer): Json {
  return {
    prompt_tokens: a.input,
    completion_tokens: a.output,
    total_tokens: a.input + a.output,
    prompt_tokens_details: { cached_tokens: a.cached, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: a.reasoning, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

function openaiCompletion(req: ParsedRequest, a: Answer, ids: IdSource): Json {
  const message: Json = { role: 'assistant', content: a.toolCalls.length > 0 && !a.text ? null : a.text, refusal: null, annotations: [] };
  if (a.toolCalls.length > 0) {
    message.tool_calls = a.toolCalls.map((t) => ({ id: t.id, type: 'function', function: { name: t.name, arguments: t.arguments } }));
  }
  return {
    id: ids.next('chatcmpl-'),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: req.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: a.finishReason }],
    usage: openaiUsage(a),
    service_tier: 'default',
    system_fingerprint: 'fp_mock',
  };
}

function openaiChunks(req: ParsedRequest, a: Answer, ids: IdSource): string[] {
  const head = {
    id: ids.next('chatcmpl-'),
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model: req.model,
    service_tier: 'default',
    system_fingerprint: 'fp_mock',
  };
  const usageNull = req.includeUsage ? { usage: null } : {};
  const chunk = (delta: Json, finish: string | null = null) =>
    `data: ${JSON.stringify({ ...head, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...usageNull })}\n\n`;

  const out = [chunk({ role: 'assistant', content: '', refusal: null })];
  for (const p of pieces(a.text, 12)) out.push(chunk({ content: p }));
  a.toolCalls.forEach((t, index) => {
    out.push(chunk({ tool_calls: [{ index, id: t.id, type: 'function', function: { name: t.name, arguments: '' } }] }));
    for (const s of slices(t.arguments, 3)) out.push(chunk({ tool_calls: [{ index, function: { arguments: s } }] }));
  });
  out.push(chunk({}, a.finishReason));
  if (req.includeUsage) out.push(`data: ${JSON.stringify({ ...head, choices: [], usage: openaiUsage(a) })}\n\n`);
  out.push('data: [DONE]\n\n');
  return out;
}

// ---------------------------------------------------------------- OpenAI Responses wire format

function responsesUsage(a: Answer): Json {
  return {
    input_tokens: a.input,
    input_tokens_details: { cached_tokens: a.cached, cache_write_tokens: 0 },
    output_tokens: a.output,
    output_tokens_details: { reasoning_tokens: a.reasoning },
    total_tokens: a.input + a.output,
  };
}

/** The answer's output items, each as `response.output_item.done` carries it. */
function responsesOutput(a: Answer, ids: IdSource): Json[] {
  const items: Json[] = [];
  if (a.text || a.toolCalls.length === 0) {
    const status = a.finishReason === 'length' ? 'incomplete' : 'completed';
    items.push({ id: ids.next('msg_'), type: 'message', status, content: [{ type: 'output_text', annotations: [], logprobs: [], text: a.text }], role: 'assistant' });
  }
  for (const t of a.toolCalls) items.push({ id: ids.next('fc_'), type: 'function_call', status: 'completed', arguments: t.arguments, call_id: t.id, name: t.name });
  return items;
}

function responsesObject(req: ParsedRequest, a: Answer, ids: IdSource, output: Json[] = responsesOutput(a, ids)): Json {
  const incomplete = a.finishReason === 'length';
  return {
    id: ids.next('resp_'),
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status: incomplete ? 'incomplete' : 'completed',
    background: false,
    error: null,
    incomplete_details: incomplete ? { reason: 'max_output_tokens' } : null,
    instructions: null,
    max_output_tokens: req.maxTokens ?? null,
    model: req.model,
    output,
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    service_tier: 'default',
    store: true,
    temperature: 1,
    text: { format: { type: 'text' }, verbosity: 'medium' },
    tool_choice: 'auto',
    tools: [],
    top_p: 1,
    truncation: 'disabled',
    usage: responsesUsage(a),
    user: null,
    metadata: {},
  };
}

/** The typed events of a streamed response, in OpenAI's order, numbered by `sequence_number`. */
function responsesEvents(req: ParsedRequest, a: Answer, ids: IdSource): string[] {
  let seq = 0;
  const ev = (type: string, data: Json) => `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq++, ...data })}\n\n`;
  const output = responsesOutput(a, ids);
  const final = responsesObject(req, a, ids, output);
  const opening = { ...final, status: 'in_progress', incomplete_details: null, output: [], usage: null };
  const out = [ev('response.created', { response: opening }), ev('response.in_progress', { response: opening })];
  output.forEach((item, index) => {
    if (item.type === 'message') {
      const part = { type: 'output_text', annotations: [], logprobs: [], text: '' };
      out.push(ev('response.output_item.added', { output_index: index, item: { ...item, status: 'in_progress', content: [] } }));
      out.push(ev('response.content_part.added', { item_id: item.id, output_index: index, content_index: 0, part }));
      for (const p of pieces(a.text, 12)) out.push(ev('response.output_text.delta', { item_id: item.id, output_index: index, content_index: 0, delta: p, logprobs: [] }));
      out.push(ev('response.output_text.done', { item_id: item.id, output_index: index, content_index: 0, text: a.text, logprobs: [] }));
      out.push(ev('response.content_part.done', { item_id: item.id, output_index: index, content_index: 0, part: { ...part, text: a.text } }));
    } else {
      const args = String(item.arguments);
      out.push(ev('response.output_item.added', { output_index: index, item: { ...item, status: 'in_progress', arguments: '' } }));
      for (const s of slices(args, 3)) out.push(ev('response.function_call_arguments.delta', { item_id: item.id, output_index: index, delta: s }));
      out.push(ev('response.function_call_arguments.done', { item_id: item.id, output_index: index, name: item.name, arguments: args }));
    }
    out.push(ev('response.output_item.done', { output_index: index, item }));
  });
  out.push(ev(final.status === 'incomplete' ? 'response.incomplete' : 'response.completed', { response: final }));
  return out;
}

function wholeAnswer(req: ParsedRequest, a: Answer, ids: IdSource): Json {
  if (req.responses) return responsesObject(req, a, ids);
  return req.family === 'openai' ? openaiCompletion(req, a, ids) : anthropicMessage(req, a, ids);
}

function streamEvents(req: ParsedRequest, a: Answer, ids: IdSource): string[] {
  if (req.responses) return responsesEvents(req, a, ids);
  return req.family === 'openai' ? openaiChunks(req, a, ids) : anthropicEvents(req, a, ids);
}

// ---------------------------------------------------------------- Anthropic wire format

const STOP_REASONS = { stop: 'end_turn', length: 'max_tokens', tool_calls: 'tool_use' } as const;

function anthropicUsage(a: Answer, output: number): Json {
  return {
    input_tokens: Math.max(0, a.input - a.cached - a.cacheWrite),
    cache_creation_input_tokens: a.cacheWrite,
    cache_read_input_tokens: a.cached,
    cache_creation: { ephemeral_5m_input_tokens: a.cacheWrite, ephemeral_1h_input_tokens: 0 },
    output_tokens: output,
    service_tier: 'standard',
  };
}

function parseToolInput(args: string): unknown {
  try {
    return JSON.parse(args);
  } catch {
    return {};
  }
}

function anthropicBlocks(a: Answer): Json[] {
  const blocks: Json[] = [];
  if (a.text) blocks.push({ type: 'text', text: a.text });
  for (const t of a.toolCalls) blocks.push({ type: 'tool_use', id: t.id, name: t.name, input: parseToolInput(t.arguments) });
  return blocks;
}

function anthropicMessage(req: ParsedRequest, a: Answer, ids: IdSource): Json {
  return {
    id: ids.next('msg_'),
    type: 'message',
    role: 'assistant',
    model: req.model,
    content: anthropicBlocks(a),
    stop_reason: STOP_REASONS[a.finishReason],
    stop_sequence: null,
    usage: anthropicUsage(a, a.output),
  };
}

function anthropicEvents(req: ParsedRequest, a: Answer, ids: IdSource): string[] {
  const ev = (type: string, data: Json) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  const message = { id: ids.next('msg_'), type: 'message', role: 'assistant', model: req.model, content: [], stop_reason: null, stop_sequence: null };
  const out = [ev('message_start', { message: { ...message, usage: anthropicUsage(a, 1) } })];
  let index = 0;
  if (a.text) {
    out.push(ev('content_block_start', { index, content_block: { type: 'text', text: '' } }));
    out.push(ev('ping', {}));
    for (const p of pieces(a.text, 12)) out.push(ev('content_block_delta', { index, delta: { type: 'text_delta', text: p } }));
    out.push(ev('content_block_stop', { index }));
    index++;
  }
  for (const t of a.toolCalls) {
    out.push(ev('content_block_start', { index, content_block: { type: 'tool_use', id: t.id, name: t.name, input: {} } }));
    if (index === 0) out.push(ev('ping', {}));
    for (const s of slices(t.arguments, 3)) out.push(ev('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: s } }));
    out.push(ev('content_block_stop', { index }));
    index++;
  }
  // message_delta usage counters are cumulative totals for the whole message.
  out.push(ev('message_delta', { delta: { stop_reason: STOP_REASONS[a.finishReason], stop_sequence: null }, usage: anthropicUsage(a, a.output) }));
  out.push(ev('message_stop', {}));
  return out;
}

// ---------------------------------------------------------------- errors and models

const OPENAI_ERRORS: Record<number, { type: string; code: string | null; message: string }> = {
  400: { type: 'invalid_request_error', code: null, message: 'Invalid request.' },
  401: {
    type: 'invalid_request_error',
    code: null,
    message: "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth.",
  },
  403: { type: 'invalid_request_error', code: 'unsupported_country_region_territory', message: 'Country, region, or territory not supported' },
  404: { type: 'invalid_request_error', code: 'model_not_found', message: 'The model does not exist or you do not have access to it.' },
  429: { type: 'requests', code: 'rate_limit_exceeded', message: 'Rate limit reached for requests. Please try again later.' },
  500: { type: 'server_error', code: null, message: 'The server had an error while processing your request. Sorry about that!' },
  503: { type: 'server_error', code: null, message: 'The engine is currently overloaded, please try again later' },
};

const ANTHROPIC_ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

const ANTHROPIC_MESSAGES: Record<string, string> = {
  authentication_error: 'x-api-key header is required',
  rate_limit_error: 'Number of request tokens has exceeded your per-minute rate limit',
  overloaded_error: 'Overloaded',
  api_error: 'Internal server error',
  not_found_error: 'Not found',
};

function errorBody(family: MockFamily, status: number, message: string | undefined, ids: IdSource): Json {
  if (family === 'openai') {
    const e = OPENAI_ERRORS[status] ?? (status >= 500 ? OPENAI_ERRORS[500]! : OPENAI_ERRORS[400]!);
    return { error: { message: message ?? e.message, type: e.type, param: null, code: e.code } };
  }
  const type = ANTHROPIC_ERROR_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
  return { type: 'error', error: { type, message: message ?? ANTHROPIC_MESSAGES[type] ?? 'Invalid request' }, request_id: ids.next('req_') };
}

function openaiModelList(): Json {
  return { object: 'list', data: KNOWN_MODELS.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'mock' })) };
}

function anthropicModelList(ids: IdSource): Json {
  const data = KNOWN_MODELS.map((id) => ({ type: 'model', id, display_name: id, created_at: '2025-01-01T00:00:00Z' }));
  return { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, request_id: ids.next('req_') };
}

// ---------------------------------------------------------------- writing responses

/** The request id and one rate-limit header, as each API sends them on every response. */
function requestIdHeaders(family: MockFamily, ids: IdSource): Record<string, string> {
  return family === 'openai'
    ? { 'x-request-id': ids.next('req_'), 'x-ratelimit-remaining-requests': '499' }
    : { 'request-id': ids.next('req_'), 'anthropic-ratelimit-requests-remaining': '49' };
}

/** The client went away (aborted, timed out) while the answer was being delayed. */
function gone(res: ServerResponse): boolean {
  return res.destroyed || !res.socket || res.socket.destroyed;
}

function sendRaw(res: ServerResponse, status: number, text: string | Buffer, family: MockFamily, ids: IdSource, extra: Record<string, string> = {}): void {
  if (gone(res)) return;
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...requestIdHeaders(family, ids),
    ...extra,
  });
  res.end(text);
}

function sendJson(res: ServerResponse, status: number, body: unknown, family: MockFamily, ids: IdSource, extra: Record<string, string> = {}): void {
  sendRaw(res, status, JSON.stringify(body), family, ids, extra);
}

/**
 * Writes a whole SSE stream in one go (event boundaries, not TCP writes, are what clients parse).
 * 'drop' sends the first half then destroys the socket; 'malformed' sends the first event then a
 * truncated JSON event.
 */
function sendStream(res: ServerResponse, req: ParsedRequest, a: Answer, ids: IdSource, mode: 'ok' | 'drop' | 'malformed'): void {
  if (gone(res)) return;
  const events = streamEvents(req, a, ids);
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    ...requestIdHeaders(req.family, ids),
  });
  if (mode === 'ok') {
    res.end(events.join(''));
    return;
  }
  if (mode === 'malformed') {
    const broken = req.responses
      ? 'event: response.output_text.delta\ndata: {"type":"response.output_text.delta",\n\n'
      : req.family === 'openai'
        ? 'data: {"id":"chatcmpl-broken","choices":[{\n\n'
        : 'event: content_block_delta\ndata: {"type":"content_block_delta",\n\n';
    res.end(events[0] + broken);
    return;
  }
  res.write(events.slice(0, Math.ceil(events.length / 2)).join(''), () => res.socket?.destroy());
}

/** The first `after` events of a normal stream, then the family's in-band error event, then the end. */
function sendStreamError(res: ServerResponse, req: ParsedRequest, a: Answer, ids: IdSource, fault: Extract<MockFault, { kind: 'stream-error' }>): void {
  if (gone(res)) return;
  const events = streamEvents(req, a, ids);
  const type = fault.type ?? (req.family === 'openai' ? 'server_error' : 'overloaded_error');
  const message = fault.message ?? 'Overloaded';
  const error = req.responses
    ? `event: error\ndata: ${JSON.stringify({ type: 'error', code: type, message, param: null, sequence_number: fault.after })}\n\n`
    : req.family === 'openai'
      ? `data: ${JSON.stringify({ error: { message, type, code: null } })}\n\n`
      : `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type, message } })}\n\n`;
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', ...requestIdHeaders(req.family, ids) });
  res.end(events.slice(0, fault.after).join('') + error);
}

/** A non-streaming answer cut off halfway: headers promise the full length, then the socket dies. */
function sendTruncated(res: ServerResponse, req: ParsedRequest, a: Answer, ids: IdSource): void {
  if (gone(res)) return;
  const text = JSON.stringify(wholeAnswer(req, a, ids));
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...requestIdHeaders(req.family, ids) });
  res.write(text.slice(0, text.length >> 1), () => res.socket?.destroy());
}
