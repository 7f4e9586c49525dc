import type { ChatResponse, ToolCall, Usage } from '../../../src-shared/chat';
import type { RouteResult } from '../../core/router/types';
import { nowSeconds } from '../openai/response';
import type { ParsedResponsesRequest, ResponsesBody } from './request';

export type ResponseStatus = 'in_progress' | 'completed' | 'incomplete';

export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number; cache_write_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

export interface OutputText {
  type: 'output_text';
  text: string;
  annotations: never[];
  logprobs: never[];
}

export interface MessageItem {
  id: string;
  type: 'message';
  status: ResponseStatus;
  role: 'assistant';
  content: OutputText[];
}

export interface FunctionCallItem {
  id: string;
  type: 'function_call';
  status: ResponseStatus;
  call_id: string;
  name: string;
  arguments: string;
}

export type OutputItem = MessageItem | FunctionCallItem;

/** What a response object says beyond the request's own settings. */
export interface ResponseState {
  id: string;
  createdAt: number;
  model: string;
  status: ResponseStatus;
  output: OutputItem[];
  usage: ResponsesUsage | null;
  incompleteReason?: 'max_output_tokens' | 'content_filter';
}

export function responseId(requestId: string): string {
  return `resp_${requestId}`;
}

export function messageItemId(requestId: string, outputIndex: number): string {
  return outputIndex === 0 ? `msg_${requestId}` : `msg_${requestId}_${outputIndex}`;
}

export function functionCallItemId(requestId: string, outputIndex: number): string {
  return `fc_${requestId}_${outputIndex}`;
}

export function outputText(text: string): OutputText {
  return { type: 'output_text', text, annotations: [], logprobs: [] };
}

export function responsesUsage(u: Usage): ResponsesUsage {
  return {
    input_tokens: u.inputTokens,
    input_tokens_details: { cached_tokens: u.cachedInputTokens, cache_write_tokens: u.cacheWriteTokens },
    output_tokens: u.outputTokens,
    output_tokens_details: { reasoning_tokens: u.reasoningTokens ?? 0 },
    total_tokens: u.inputTokens + u.outputTokens,
  };
}

/** How a finished answer ends: a length or content-filter stop is an incomplete response, as OpenAI reports it. */
export function finalStatus(response: ChatResponse): Pick<ResponseState, 'status' | 'incompleteReason'> {
  if (response.finishReason === 'length') return { status: 'incomplete', incompleteReason: 'max_output_tokens' };
  if (response.finishReason === 'content_filter') return { status: 'incomplete', incompleteReason: 'content_filter' };
  return { status: 'completed' };
}

export function functionCallItem(requestId: string, outputIndex: number, call: ToolCall, status: ResponseStatus): FunctionCallItem {
  return { id: functionCallItemId(requestId, outputIndex), type: 'function_call', status, call_id: call.id, name: call.name, arguments: call.arguments };
}

/** The `response` object: the state of the answer, and the request's settings as the API echoes them. */
export function responseObject(req: ResponsesBody, s: ResponseState): Record<string, unknown> {
  return {
    id: s.id,
    object: 'response',
    created_at: s.createdAt,
    status: s.status,
    completed_at: s.status === 'in_progress' ? null : nowSeconds(),
    background: false,
    error: null,
    incomplete_details: s.incompleteReason ? { reason: s.incompleteReason } : null,
    instructions: req.instructions ?? null,
    max_output_tokens: req.max_output_tokens ?? null,
    metadata: req.metadata ?? {},
    model: s.model,
    output: s.output,
    parallel_tool_calls: req.parallel_tool_calls ?? true,
    previous_response_id: null,
    reasoning: { effort: req.reasoning?.effort ?? null, summary: null },
    store: false,
    temperature: req.temperature ?? 1,
    text: { format: req.text?.format ?? { type: 'text' } },
    tool_choice: req.tool_choice ?? 'auto',
    tools: req.tools ?? [],
    top_p: req.top_p ?? 1,
    truncation: 'disabled',
    usage: s.usage,
    user: req.user ?? null,
  };
}

/** The finished `response` for a translated route. `model` is the configured name that answered. */
export function renderResponse(result: RouteResult, parsed: ParsedResponsesRequest): unknown {
  const { response, decision } = result;
  const requestId = decision.requestId;
  const ending = finalStatus(response);
  const output: OutputItem[] = [];
  if (response.text !== '' || response.toolCalls.length === 0) {
    output.push({ id: messageItemId(requestId, 0), type: 'message', status: ending.status, role: 'assistant', content: [outputText(response.text)] });
  }
  for (const call of response.toolCalls) output.push(functionCallItem(requestId, output.length, call, 'completed'));
  return responseObject(parsed.body, {
    id: responseId(requestId),
    createdAt: Math.floor(result.record.ts / 1000),
    model: decision.model ?? result.record.model ?? decision.requestedModel,
    output,
    usage: responsesUsage(response.usage),
    ...ending,
  });
}
