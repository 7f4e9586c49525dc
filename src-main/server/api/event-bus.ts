import { events, type EventName, type EventPayload } from '../../../src-shared/contract/events';

export type EventListener = (event: EventName, payload: unknown) => void;

/** Events main pushes to every window and /api/events subscriber; payloads checked against the contract. */
export class ApiEventBus {
  private readonly listeners = new Set<EventListener>();

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const parsed = events[event].safeParse(payload);
    if (!parsed.success) {
      process.stderr.write(`mmrouter api: dropped an invalid ${event} event: ${parsed.error.issues[0]?.message ?? 'invalid'}\n`);
      return;
    }
    for (const l of this.listeners) {
      try {
        l(event, parsed.data);
      } catch (err) {
        process.stderr.write(`mmrouter api: an ${event} listener failed: ${err instanceof Error ? err.message : String(err)}\n`);
      }
    }
  }

  /** Windows and event streams currently listening. */
  get listenerCount(): number {
    return this.listeners.size;
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
