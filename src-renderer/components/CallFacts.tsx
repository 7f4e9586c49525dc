import { ms, usd } from '../format';

interface Call {
  costUsd: number;
  baselineCostUsd: number;
  latencyMs: number;
  ttftMs: number | null;
  usage: { inputTokens: number; outputTokens: number; cachedInputTokens: number };
}

/** Cost, latency and tokens of one call, as rows of the surrounding <dl>. */
export function CallFacts({ call, costTestId }: { call: Call; costTestId?: string }) {
  return (
    <>
      <dt>Cost</dt>
      <dd data-testid={costTestId}>
        {usd(call.costUsd)} <span className="muted">(baseline {usd(call.baselineCostUsd)})</span>
      </dd>
      <dt>Latency</dt>
      <dd>
        {ms(call.latencyMs)}
        {call.ttftMs !== null && <span className="muted"> · first token {ms(call.ttftMs)}</span>}
      </dd>
      <dt>Tokens</dt>
      <dd>
        {call.usage.inputTokens} in · {call.usage.outputTokens} out
        {call.usage.cachedInputTokens > 0 && <span className="muted"> · {call.usage.cachedInputTokens} cached</span>}
      </dd>
    </>
  );
}
