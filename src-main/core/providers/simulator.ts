import type { ChatRequest, ChatResponse, StreamEvent } from '../../../src-shared/chat';
import type { SimulatorProfile } from '../../../src-shared/config-schema';
import { SimulatorProfileSchema } from '../../../src-shared/config-schema';
import { AttemptControl } from './attempt-control';
import { toProviderError } from './errors';
import { loadTokenizer } from '../tokenizer';
import { simulateAnswer } from './simulated-answer';
import type { ChatProvider, ProviderCallOptions } from './types';

const DEFAULT_PROFILE: SimulatorProfile = SimulatorProfileSchema.parse({});

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    if (ms <= 0) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The built-in offline model (provider type `simulator`): it lets a new user see routing, latency
 * and cost with no API key. Answers are labelled as simulated; timing follows the model's
 * `simulator` profile (time to first token, then tokens per second).
 */
export class SimulatorProvider implements ChatProvider {
  readonly type = 'simulator' as const;

  constructor(
    readonly name: string,
    private readonly profiles: ReadonlyMap<string, SimulatorProfile>,
  ) {}

  private profileOf(upstreamModel: string): SimulatorProfile {
    return this.profiles.get(upstreamModel) ?? DEFAULT_PROFILE;
  }

  async complete(upstreamModel: string, req: ChatRequest, opts: ProviderCallOptions): Promise<ChatResponse> {
    const profile = this.profileOf(upstreamModel);
    const control = new AttemptControl(opts);
    try {
      const tokenizer = await loadTokenizer();
      const response = simulateAnswer(upstreamModel, req, profile, req.maxTokens ?? opts.defaultMaxTokens, tokenizer);
      await sleep(profile.latency_ms + (response.usage.outputTokens / profile.tokens_per_second) * 1000, control.signal);
      return response;
    } catch (err) {
      throw toProviderError(err, { provider: this.name, secrets: [], ...control.outcome() });
    } finally {
      control.dispose();
    }
  }

  async *stream(upstreamModel: string, req: ChatRequest, opts: ProviderCallOptions): AsyncIterable<StreamEvent> {
    const profile = this.profileOf(upstreamModel);
    const control = new AttemptControl(opts);
    try {
      const tokenizer = await loadTokenizer();
      const response = simulateAnswer(upstreamModel, req, profile, req.maxTokens ?? opts.defaultMaxTokens, tokenizer);
      await sleep(profile.latency_ms, control.signal);
      control.restartTimer();
      const started = Date.now();
      for (const [index, call] of response.toolCalls.entries()) {
        yield { type: 'tool_call_start', index, id: call.id, name: call.name };
        yield { type: 'tool_call_delta', index, argumentsDelta: call.arguments };
      }
      let emittedTokens = 0;
      for (const piece of response.text.match(/\S+\s*|\s+/g) ?? []) {
        emittedTokens += tokenizer.countTokens(piece);
        // Pace against the start so timer jitter does not accumulate over a long answer.
        await sleep(started + (emittedTokens / profile.tokens_per_second) * 1000 - Date.now(), control.signal);
        control.restartTimer();
        yield { type: 'text', delta: piece };
      }
      yield { type: 'done', response };
    } catch (err) {
      throw toProviderError(err, { provider: this.name, secrets: [], ...control.outcome() });
    } finally {
      control.dispose();
    }
  }
}
