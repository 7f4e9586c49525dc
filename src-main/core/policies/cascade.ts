import type { ChatRequest, ChatResponse } from '../../../src-shared/chat';
import type { Config } from '../../../src-shared/config-schema';
import type { CascadeGate, GateVerdict } from './types';

/** Where a hedge or refusal counts: at the start of an answer, not quoted somewhere in a long one. */
const HEDGE_WINDOW_CHARS = 200;

/**
 * The cascade's quality gate: a cheaper tier's answer is returned only if it is long enough,
 * does not open by hedging or refusing, is valid JSON when JSON was asked for, and was not cut
 * off by the token limit. Each check can be turned off in `cascade.checks`. An answer that calls
 * tools is judged only on being cut off: tool calls are not prose.
 */
export class QualityGate implements CascadeGate {
  readonly maxEscalations: number;
  private readonly hedges: string[];

  constructor(private readonly config: Config['cascade']) {
    this.maxEscalations = config.max_escalations;
    this.hedges = config.hedging_phrases.map(normalise);
  }

  judge(request: ChatRequest, response: ChatResponse): GateVerdict {
    const checks = this.config.checks;
    if (checks.truncated && response.finishReason === 'length') return { ok: false, reason: 'truncated' };
    if (response.toolCalls.length > 0) return { ok: true };
    const text = response.text.trim();
    if (checks.too_short && text.length < this.config.min_response_chars) return { ok: false, reason: 'too_short' };
    if (checks.hedging) {
      const opening = normalise(text.slice(0, HEDGE_WINDOW_CHARS));
      if (this.hedges.some((h) => opening.includes(h))) return { ok: false, reason: 'hedging' };
    }
    if (checks.invalid_json && wantsJson(request) && !parsesAsJson(text)) return { ok: false, reason: 'invalid_json' };
    return { ok: true };
  }
}

/** Lower case with typographic apostrophes made plain, so "I’m not sure" matches "I'm not sure". */
function normalise(s: string): string {
  return s.toLowerCase().replace(/[\u2018\u2019]/g, "'");
}

function wantsJson(request: ChatRequest): boolean {
  const f = request.responseFormat;
  return f !== undefined && (f.type === 'json_object' || f.type === 'json_schema');
}

/** Models often fence JSON in a Markdown code block; the JSON inside is what counts. */
function parsesAsJson(text: string): boolean {
  const fenced = /^```(?:json)?\s*([\s\S]*?)\s*```$/i.exec(text);
  try {
    JSON.parse(fenced ? fenced[1]! : text);
    return true;
  } catch {
    return false;
  }
}
