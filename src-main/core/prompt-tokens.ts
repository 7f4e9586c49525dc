import type { ChatRequest } from '../../src-shared/chat';
import { loadTokenizer, type Tokenizer } from './tokenizer';

/** Rough per-image cost; providers charge by resolution, which the proxy does not decode. */
const IMAGE_TOKENS = 1_500;
const PER_MESSAGE_OVERHEAD = 4;

/** Every piece of text the model will read (tool schemas included), and the number of images. */
function walkPrompt(chat: ChatRequest, onText: (text: string) => void): number {
  const images = walkMessages(chat, onText);
  if (chat.tools) onText(JSON.stringify(chat.tools));
  return images;
}

/** The messages' text (when asked for) and the number of images in them. */
function walkMessages(chat: ChatRequest, onText?: (text: string) => void): number {
  let images = 0;
  for (const m of chat.messages) {
    if (typeof m.content === 'string') onText?.(m.content);
    else if (m.content !== null) {
      for (const part of m.content) {
        if (part.type === 'text') onText?.(part.text);
        else images += 1;
      }
    }
    if (onText && m.role === 'assistant') for (const c of m.toolCalls ?? []) onText(c.name + c.arguments);
  }
  return images;
}

/**
 * Hot-path estimate (≈4 characters per token) for Anthropic's message_start, which must be sent
 * before the upstream reports real usage; the exact figures follow in message_delta.
 */
export function quickTokenEstimate(chat: ChatRequest): number {
  let chars = 0;
  const images = walkPrompt(chat, (t) => (chars += t.length));
  return Math.ceil(chars / 4) + overheadTokens(chat, images);
}

/** What a prompt costs besides its text: its images and each message's framing. */
function overheadTokens(chat: ChatRequest, images: number): number {
  return images * IMAGE_TOKENS + chat.messages.length * PER_MESSAGE_OVERHEAD;
}

/** `,"parameters":{"type":"object","properties":{}}`, given to a tool that names no schema. */
const SUPPLIED_SCHEMA_BYTES = 64;

/** Beyond this many characters the count is extrapolated: BPE on megabytes would stall every other request. */
const EXACT_CHARS = 20_000;

/**
 * BPE merges cost quadratic time in the length of one unbroken word, so a hostile 20 kB run of one
 * letter would take seconds. Breaking runs every 32 characters bounds that, and real words are
 * far shorter, so ordinary text counts the same.
 */
function breakLongRuns(text: string): string {
  return text.replace(/\S{32}/gu, '$& ');
}

/** At most this many tokens in `text` once `breakLongRuns` has run: a byte-level BPE token spans at least one UTF-8 byte, and a space is added per 32 characters at most. */
function textTokenCeiling(bytes: number, chars: number): number {
  return bytes + Math.ceil(chars / 32);
}

/**
 * A ceiling on `countPromptTokensWith` without running BPE (~1 ms for the 20,000 characters it
 * counts of a long prompt, on every request). For a prompt it counts exactly, the ceiling of its
 * text (pieces joined by one newline each); for a longer one, the ceiling of the same sample
 * scaled the same way, so the ceiling stays above the extrapolated count.
 *
 * `sourceBytes` is the UTF-8 size of the request body `chat` was read from, when it came over the
 * wire. Every piece of the prompt's text is written in that body, escaped or as is (never in fewer
 * bytes), each within its own quotes, and each tool in a wrapper longer than ours but for the
 * parameters schema we supply when it has none; so the body's size, plus that schema per tool,
 * bounds the text's without walking a coding agent's conversation and serialising its tools
 * (~85 µs for Claude Code's recorded 48 kB request, whose size-based ceiling is 3.8% above the walked one).
 */
export function promptTokenCeiling(chat: ChatRequest, sourceBytes?: number): number {
  if (sourceBytes !== undefined) {
    const bytes = sourceBytes + (chat.tools?.length ?? 0) * SUPPLIED_SCHEMA_BYTES;
    return textTokenCeiling(bytes, bytes) + overheadTokens(chat, walkMessages(chat));
  }
  const pieces: string[] = [];
  const overhead = overheadTokens(chat, walkPrompt(chat, (t) => pieces.push(t)));
  const length = joinedLength(pieces);
  if (length <= EXACT_CHARS) {
    let bytes = 0;
    for (const p of pieces) bytes += Buffer.byteLength(p);
    return textTokenCeiling(bytes + pieces.length, length - pieces.length + 1) + overhead;
  }
  const sample = joinedPrefix(pieces, EXACT_CHARS);
  return Math.ceil((textTokenCeiling(Buffer.byteLength(sample), sample.length) * length) / EXACT_CHARS) + overhead;
}

/** The length of `pieces.join('\n')`. */
function joinedLength(pieces: readonly string[]): number {
  let length = pieces.length - 1;
  for (const p of pieces) length += p.length;
  return length;
}

/**
 * `pieces.join('\n').slice(0, n)` without joining what lies past `n`: a coding agent's
 * conversation runs to hundreds of kilobytes, of which only the first `n` characters are read.
 */
function joinedPrefix(pieces: readonly string[], n: number): string {
  const head: string[] = [];
  let length = -1;
  for (const p of pieces) {
    head.push(p);
    length += p.length + 1;
    if (length >= n) break;
  }
  return head.join('\n').slice(0, n);
}

/** A BPE (o200k) count for `count_tokens`: close to, not exactly, what any given model will bill. */
export async function countPromptTokens(chat: ChatRequest): Promise<number> {
  return countPromptTokensWith(await loadTokenizer(), chat);
}

/** The same count with the tokenizer already loaded (the budget counts every routed prompt). */
export function countPromptTokensWith({ countTokens }: Tokenizer, chat: ChatRequest): number {
  const pieces: string[] = [];
  const images = walkPrompt(chat, (t) => pieces.push(t));
  const length = joinedLength(pieces);
  const sample = breakLongRuns(joinedPrefix(pieces, EXACT_CHARS));
  // Text that looks like special tokens is counted as ordinary text, as the model would read it.
  const sampled = countTokens(sample, { disallowedSpecial: new Set() });
  const textTokens = length <= EXACT_CHARS ? sampled : Math.ceil((sampled * length) / EXACT_CHARS);
  return textTokens + overheadTokens(chat, images);
}
