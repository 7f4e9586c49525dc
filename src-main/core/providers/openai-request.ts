import type {
  ChatCompletionContentPart,
  ChatCompletionCreateParamsBase,
  ChatCompletionMessageParam,
  ChatCompletionToolChoiceOption,
} from 'openai/resources/chat/completions';
import type { ChatCompletionReasoningEffort } from 'openai/resources/chat/completions';
import type { ChatMessage, ChatRequest, ContentPart, MessageContent, ReasoningEffort, ResponseFormat, ToolChoice } from '../../../src-shared/chat';
import { contentText } from '../../../src-shared/chat';
import type { ProviderType } from '../../../src-shared/config-schema';
import { debugLog } from '../debug-log';

/**
 * ChatRequest → chat completions body. OpenAI itself wants `max_completion_tokens` (reasoning
 * models reject `max_tokens`); compatible servers (Gemini, Ollama, vLLM, Groq…) understand `max_tokens`.
 */
export function toOpenAIParams(type: ProviderType, model: string, req: ChatRequest, defaultMaxTokens: number | undefined): Omit<ChatCompletionCreateParamsBase, 'stream'> {
  const maxTokens = req.maxTokens ?? defaultMaxTokens;
  const hasTools = req.tools !== undefined && req.tools.length > 0;
  const responseFormat = responseFormatOf(req.responseFormat);
  const effort = req.reasoningEffort === undefined ? undefined : reasoningEffortFor(type, model, req.reasoningEffort);
  return {
    model,
    messages: req.messages.map(messageOf),
    ...(hasTools && {
      tools: req.tools?.map((t) => ({
        type: 'function' as const,
        function: { name: t.name, ...(t.description !== undefined && { description: t.description }), parameters: t.parameters },
      })),
    }),
    // OpenAI rejects tool_choice and parallel_tool_calls when no tools are sent.
    ...(hasTools && req.toolChoice !== undefined && { tool_choice: toolChoiceOf(req.toolChoice) }),
    ...(hasTools && req.parallelToolCalls !== undefined && { parallel_tool_calls: req.parallelToolCalls }),
    ...(responseFormat && { response_format: responseFormat }),
    ...(maxTokens !== undefined && (type === 'openai' ? { max_completion_tokens: maxTokens } : { max_tokens: maxTokens })),
    ...(req.temperature !== undefined && { temperature: req.temperature }),
    ...(req.topP !== undefined && { top_p: req.topP }),
    ...(req.stop !== undefined && req.stop.length > 0 && { stop: req.stop }),
    ...(req.seed !== undefined && { seed: req.seed }),
    ...(req.user !== undefined && { user: req.user }),
    ...(effort && { reasoning_effort: effort }),
  };
}

/** OpenAI's reasoning models (o-series, gpt-5 family) take `reasoning_effort`; its other chat models reject it. */
const OPENAI_REASONING_MODEL = /^(o\d|gpt-5)/;

/**
 * OpenAI rejects the field on its other models, and every reasoning model of its takes low,
 * medium and high while the other levels exist only on some, so those go as the nearest common
 * one. Compatible servers (Gemini, vLLM, Ollama) take or ignore it as given.
 */
function reasoningEffortFor(type: ProviderType, model: string, effort: ReasoningEffort): ChatCompletionReasoningEffort | undefined {
  if (type !== 'openai') return effort;
  if (!OPENAI_REASONING_MODEL.test(model)) {
    debugLog(`reasoning effort '${effort}' left out: ${model} is not an OpenAI reasoning model`);
    return undefined;
  }
  if (effort === 'none' || effort === 'minimal') return 'low';
  return effort === 'xhigh' || effort === 'max' ? 'high' : effort;
}

function toolChoiceOf(choice: ToolChoice): ChatCompletionToolChoiceOption {
  return typeof choice === 'object' ? { type: 'function', function: { name: choice.name } } : choice;
}

function responseFormatOf(format: ResponseFormat | undefined): ChatCompletionCreateParamsBase['response_format'] {
  if (!format || format.type === 'text') return undefined;
  if (format.type === 'json_object') return { type: 'json_object' };
  return {
    type: 'json_schema',
    json_schema: {
      name: format.name,
      schema: format.schema,
      ...(format.strict !== undefined && { strict: format.strict }),
      ...(format.description !== undefined && { description: format.description }),
    },
  };
}

function messageOf(m: ChatMessage): ChatCompletionMessageParam {
  switch (m.role) {
    case 'system':
      return { role: 'system', content: contentText(m.content) };
    case 'user':
      return { role: 'user', content: typeof m.content === 'string' ? m.content : m.content.map(partOf) };
    case 'assistant': {
      const calls = m.toolCalls ?? [];
      return {
        role: 'assistant',
        content: m.content === null ? null : contentText(m.content),
        ...(calls.length > 0 && { tool_calls: calls.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: c.arguments } })) }),
      };
    }
    case 'tool':
      return { role: 'tool', tool_call_id: m.toolCallId, content: toolResultText(m.content, m.isError) };
  }
}

/** The chat completions wire has no error flag on tool results, so a failure is said in the text. */
function toolResultText(content: MessageContent, isError: boolean | undefined): string {
  const text = contentText(content);
  return isError ? `Error: ${text}` : text;
}

function partOf(part: ContentPart): ChatCompletionContentPart {
  if (part.type === 'text') return { type: 'text', text: part.text };
  const url = part.url ?? `data:${part.mediaType ?? 'image/png'};base64,${part.data ?? ''}`;
  return { type: 'image_url', image_url: { url } };
}
