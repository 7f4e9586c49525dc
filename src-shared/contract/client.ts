import type { Envelope } from './errors';
import { ApiError } from './errors';
import type { EventName, EventPayload } from './events';
import type { OperationInput, OperationName, OperationOutput } from './operations';

/**
 * The untyped wire every transport implements: Electron's preload (`window.mmrouter`) over IPC,
 * `createHttpTransport` over /api. It never throws for an operation's failure: that comes back as
 * an error envelope, so every transport reports failures the same way.
 */
export interface ApiTransport {
  call(operation: string, input: unknown): Promise<Envelope>;
  /** Every event main pushes; returns the unsubscribe function. */
  subscribe(listener: (event: string, payload: unknown) => void): () => void;
}

type InputArgs<K extends OperationName> = Record<string, never> extends OperationInput<K> ? [input?: OperationInput<K>] : [input: OperationInput<K>];

/** The typed face of a transport: what the renderer (and tests, and scripts) use. */
export interface ApiClient {
  /** Resolves with the operation's output; rejects with ApiError. */
  invoke<K extends OperationName>(operation: K, ...args: InputArgs<K>): Promise<OperationOutput<K>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export function createApiClient(transport: ApiTransport): ApiClient {
  return {
    async invoke(operation, ...args) {
      const envelope = await transport.call(operation, args[0] ?? {});
      if (!envelope.ok) throw new ApiError(envelope.error);
      // Main validated the output against the contract before sending it.
      return envelope.value as never;
    },
    on(event, listener) {
      return transport.subscribe((name, payload) => {
        if (name === event) listener(payload as never);
      });
    },
  };
}
