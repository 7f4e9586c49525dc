import type { ChatResponse, StreamEvent } from '../../../src-shared/chat';
import { AttemptControl } from './attempt-control';
import { toProviderError } from './errors';
import type { ProviderCallOptions } from './types';
import { ProviderError } from './types';

/** Turns one SDK's raw stream events into our deltas and, at the end, the whole response. */
export interface StreamAssembler<E> {
  accept(event: E): Iterable<StreamEvent>;
  finish(): ChatResponse;
}

/**
 * One streamed upstream call, the same for every SDK: the timeout limits silence between chunks
 * (a long healthy answer is not cut), the caller's abort ends it, errors are normalised without
 * secrets, and exactly one `done` closes a complete stream.
 */
export async function* streamAttempt<E>(
  provider: string,
  secrets: readonly string[],
  opts: ProviderCallOptions,
  assembler: StreamAssembler<E>,
  open: (signal: AbortSignal) => Promise<AsyncIterable<E>>,
): AsyncIterable<StreamEvent> {
  const control = new AttemptControl(opts);
  // Once the upstream body has ended there is nothing to cancel; aborting anyway cost a
  // DOMException and an abort dispatch through three signals per streamed request.
  let upstreamEnded = false;
  try {
    for await (const event of await open(control.signal)) {
      control.restartTimer();
      yield* assembler.accept(event);
    }
    upstreamEnded = true;
    // The SDKs end the iteration quietly when their signal fires, so a short stream may mean an abort.
    if (control.aborted) throw new ProviderError('aborted', 'stream aborted');
    yield { type: 'done', response: assembler.finish() };
  } catch (err) {
    throw toProviderError(err, { provider, secrets, ...control.outcome() });
  } finally {
    if (!upstreamEnded) control.cancel();
    control.dispose();
  }
}
