/** A storage problem explained in one line the user can act on (no stack trace, no secrets). */
export class TrackerError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TrackerError';
  }
}
