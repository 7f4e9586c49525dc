import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A coding agent's request as such tools send it, ~100 kB: a system prompt, then turns of source
 * files read, tool results as JSON, and prose, ending in a user question. Quotes, backslashes and
 * newlines are as dense as in real code, which is what makes serialising and scanning JSON cost.
 * Deterministic, so every run and every target gets the same bytes.
 */
export function agentConversation(model: string): string {
  const source = (i: number): string =>
    Array.from({ length: 30 }, (_, line) => `    if (items[${line}].name === "item-${i}-${line}") {\n        return format('%s: %d', items[${line}].label, ${line * i});\n    }`).join('\n');
  const toolResult = (i: number): string => JSON.stringify({ path: `src/module-${i}.ts`, matches: Array.from({ length: 12 }, (_, k) => ({ line: k * 7, text: `const value${k} = config["key-${k}"] ?? "default";` })) });
  const messages: { role: string; content: string }[] = [{ role: 'system', content: 'You are a careful coding assistant. Read the files you are given before you answer. '.repeat(20) }];
  for (let i = 0; messages.length < 40; i++) {
    messages.push({ role: 'user', content: `Here is src/module-${i}.ts:\n\`\`\`ts\n${source(i)}\n\`\`\`` });
    messages.push({ role: 'assistant', content: `I read module ${i}. The lookup walks every item and compares names; a map keyed by name would make it constant time. Searching for its callers next.` });
    messages.push({ role: 'user', content: `Tool result: ${toolResult(i)}` });
  }
  messages.push({ role: 'user', content: 'Which of these modules should be refactored first, and why?' });
  return JSON.stringify({ model, messages, max_tokens: 256 });
}

/** Claude Code's own request as recorded (test/fixtures/clients): 48 kB with its 12 tools, not streamed; for /v1/messages. */
export function claudeCodeRequest(): string {
  const { body } = JSON.parse(readFileSync(join(__dirname, '../../test/fixtures/clients/claude-code-prompt.json'), 'utf8')) as { body: Record<string, unknown> };
  return JSON.stringify({ ...body, stream: false });
}
