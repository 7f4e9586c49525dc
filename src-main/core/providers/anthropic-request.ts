import type {
  ContentBlockParam,
  ImageBlockParam,
  MessageCreateParamsBase,
  MessageParam,
  TextBlockParam,
  ThinkingConfigParam,
  Tool,
  ToolChoice,
} from '@anthropic-ai/sdk/resources/messages';
import type { ChatMessage, ChatRequest, MessageContent, ReasoningEffort, ResponseFormat } from '../../../src-shared/chat';
import { contentText } from '../../../src-shared/chat';
import { debugLog } from '../debug-log';
import { annotatePromptCache } from './cache-annotation';

/** Anthropic rejects a request without an output limit; this is used when neither the caller nor the config gives one. */
export const FALLBACK_MAX_TOKENS = 4096;

/** The Messages API version the bodies built here are written for (that of the SDK whose types they use). */
export const TRANSLATED_API_VERSION = '2026-10-21';

type ImageMediaType = 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp';
type Role = 'user' | 'assistant';

/**
 * ChatRequest → Messages API body. Sampling parameters (temperature, top_p) and `seed` are not
 * sent: API version 2026-10-21 no longer takes them.
 */
export function toAnthropicParams(model: string, req: ChatRequest, defaultMaxTokens: number | undefined): Omit<MessageCreateParamsBase, 'stream'> {
  const systemBlocks = systemBlocksOf(req.messages, req.responseFormat);
  const tools = (req.tools ?? []).map(
    (t): Tool => ({
      name: t.name,
      ...(t.description !== undefined && { description: t.description }),
      input_schema: { type: 'object', ...t.parameters },
    }),
  );
  const toolChoice = tools.length > 0 ? toolChoiceOf(req) : undefined;
  const maxTokens = req.maxTokens ?? defaultMaxTokens ?? FALLBACK_MAX_TOKENS;
  const thinking = req.reasoningEffort === undefined ? undefined : thinkingFor(model, req, toolChoice, maxTokens, req.reasoningEffort);
  const params = {
    model,
    max_tokens: maxTokens,
    messages: conversationOf(req.messages),
    ...(systemBlocks.length > 0 && { system: systemBlocks }),
    ...(tools.length > 0 && { tools }),
    ...(toolChoice && { tool_choice: toolChoice }),
    ...(req.stop && req.stop.length > 0 && { stop_sequences: req.stop }),
    ...(req.user !== undefined && { metadata: { user_id: req.user } }),
    ...(thinking && { thinking }),
  };
  return annotatePromptCache(params, model);
}

/** Thinking budgets for each effort: light, moderate and deep thinking in Anthropic's guidance. */
const THINKING_BUDGETS: Record<ReasoningEffort, number> = { none: 0, minimal: 1024, low: 1024, medium: 4096, high: 16384, xhigh: 32000, max: 32000 };
const MIN_THINKING_BUDGET = 1024;

/**
 * A reasoning effort becomes a manual thinking budget, which every Claude model since 3.7
 * takes. The API refuses thinking together with a forced tool, and on a tool-use turn whose
 * history lacks the thinking blocks (which a client of another API never has), so those go
 * without. Half the output limit at most goes to thinking: the answer needs the rest.
 */
function thinkingFor(model: string, req: ChatRequest, toolChoice: ToolChoice | undefined, maxTokens: number, effort: ReasoningEffort): ThinkingConfigParam | undefined {
  if (effort === 'none') return undefined;
  const budget = Math.min(THINKING_BUDGETS[effort], Math.floor(maxTokens / 2));
  let reason: string | undefined;
  if (/^claude-(instant|2|3-(?!7))/.test(model)) reason = `${model} does not think`;
  else if (toolChoice?.type === 'any' || toolChoice?.type === 'tool') reason = 'a forced tool choice excludes thinking';
  else if (req.messages.some((m) => m.role === 'assistant' && m.toolCalls !== undefined && m.toolCalls.length > 0)) reason = 'earlier tool calls carry no thinking blocks';
  else if (budget < MIN_THINKING_BUDGET) reason = `max_tokens ${maxTokens} leaves no room for a thinking budget`;
  if (reason === undefined) return { type: 'enabled', budget_tokens: budget };
  debugLog(`reasoning effort '${effort}' left out for ${model}: ${reason}`);
  return undefined;
}

function systemBlocksOf(messages: ChatMessage[], format: ResponseFormat | undefined): TextBlockParam[] {
  const blocks: TextBlockParam[] = [];
  for (const m of messages) {
    if (m.role !== 'system') continue;
    const text = contentText(m.content);
    if (text) blocks.push({ type: 'text', text });
  }
  const instruction = jsonInstruction(format);
  if (instruction) blocks.push({ type: 'text', text: instruction });
  return blocks;
}

/** Best effort: the Messages API has no json mode that every model accepts, so we ask in words. */
function jsonInstruction(format: ResponseFormat | undefined): string | undefined {
  if (!format || format.type === 'text') return undefined;
  const base = 'Respond with a single valid JSON value and nothing else: no prose, no code fences.';
  if (format.type === 'json_object') return `${base} The value must be a JSON object.`;
  const about = format.description ? ` (${format.description})` : '';
  return `${base} It must conform to this JSON Schema named "${format.name}"${about}:\n${JSON.stringify(format.schema)}`;
}

function toolChoiceOf(req: ChatRequest): ToolChoice | undefined {
  const noParallel = req.parallelToolCalls === false ? { disable_parallel_tool_use: true } : {};
  const choice = req.toolChoice;
  if (choice === 'none') return { type: 'none' };
  if (choice === 'required') return { type: 'any', ...noParallel };
  if (typeof choice === 'object') return { type: 'tool', name: choice.name, ...noParallel };
  if (choice === 'auto' || req.parallelToolCalls === false) return { type: 'auto', ...noParallel };
  return undefined;
}

/**
 * The Messages API alternates user and assistant turns and carries tool results as blocks of a
 * user turn, so tool messages become `tool_result` blocks and neighbouring same-role turns merge.
 */
function conversationOf(messages: ChatMessage[]): MessageParam[] {
  const turns: { role: Role; content: ContentBlockParam[] }[] = [];
  for (const m of messages) {
    const turn = turnOf(m);
    if (!turn || turn.content.length === 0) continue;
    const previous = turns.at(-1);
    if (previous?.role === turn.role) previous.content.push(...turn.content);
    else turns.push(turn);
  }
  return turns;
}

function turnOf(m: ChatMessage): { role: Role; content: ContentBlockParam[] } | undefined {
  switch (m.role) {
    case 'system':
      return undefined;
    case 'user':
      return { role: 'user', content: blocksOf(m.content) };
    case 'assistant': {
      const toolUses = (m.toolCalls ?? []).map((c): ContentBlockParam => ({ type: 'tool_use', id: c.id, name: c.name, input: parseArguments(c.arguments) }));
      return { role: 'assistant', content: [...blocksOf(m.content), ...toolUses] };
    }
    case 'tool': {
      const content = blocksOf(m.content).filter((b): b is TextBlockParam | ImageBlockParam => b.type === 'text' || b.type === 'image');
      return {
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: m.toolCallId, content, ...(m.isError && { is_error: true }) }],
      };
    }
  }
}

function blocksOf(content: MessageContent | null): ContentBlockParam[] {
  if (content === null) return [];
  // Anthropic rejects empty text blocks.
  if (typeof content === 'string') return content ? [{ type: 'text', text: content }] : [];
  const blocks: ContentBlockParam[] = [];
  for (const part of content) {
    if (part.type === 'text') {
      if (part.text) blocks.push({ type: 'text', text: part.text });
    } else {
      const image = imageBlockOf(part);
      if (image) blocks.push(image);
    }
  }
  return blocks;
}

function imageBlockOf(part: { url?: string; mediaType?: string; data?: string }): ImageBlockParam | undefined {
  if (part.data !== undefined) {
    return { type: 'image', source: { type: 'base64', media_type: (part.mediaType ?? 'image/png') as ImageMediaType, data: part.data } };
  }
  if (part.url === undefined) return undefined;
  // OpenAI-style clients send inline images as data URLs; Anthropic wants them as base64 sources.
  const inline = /^data:([^;,]+);base64,(.*)$/s.exec(part.url);
  if (inline?.[1] && inline[2] !== undefined) {
    return { type: 'image', source: { type: 'base64', media_type: inline[1] as ImageMediaType, data: inline[2] } };
  }
  return { type: 'image', source: { type: 'url', url: part.url } };
}

/** Tool arguments are JSON text in our shape and an object on Anthropic's wire. */
function parseArguments(args: string): Record<string, unknown> {
  if (args.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(args);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
