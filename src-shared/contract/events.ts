import { z } from 'zod';
import { ApiErrorBodySchema } from './errors';
import { PlaygroundResultSchema } from './operations';
import { AlertRecordSchema, BreakerStatusSchema, BudgetWindowSchema } from './policies';
import { ProxyStatusSchema, TrainPhaseSchema, TrainReportSchema } from './schemas';

/** What main pushes to every window (and /api/events subscriber), declared once like the operations. */
export const events = {
  /** A slice of the streamed answer of playground.run. */
  'playground.token': z.object({ runId: z.string(), text: z.string() }),
  'playground.done': z.object({ runId: z.string(), result: PlaygroundResultSchema }),
  'playground.error': z.object({ runId: z.string(), error: ApiErrorBodySchema, requestId: z.string().nullable() }),

  'train.progress': z.object({ jobId: z.string(), phase: TrainPhaseSchema, done: z.number(), total: z.number() }),
  'train.done': z.object({ jobId: z.string(), report: TrainReportSchema }),
  'train.failed': z.object({ jobId: z.string(), message: z.string(), cancelled: z.boolean() }),

  'proxy.status': ProxyStatusSchema,
  /** Requests were recorded (throttled to about one a second): refresh analytics and the tray. */
  'stats.changed': z.object({ requests: z.number().int(), lastTs: z.number() }),
  /** The router now runs another config (saved, preset, demo mode, trained model, key change). */
  'config.changed': z.object({ path: z.string(), demo: z.boolean(), classifier: z.string() }),
  'keys.changed': z.object({ provider: z.string() }),

  /** A circuit breaker opened, went half-open (its probe is out) or closed; `ts` in epoch ms. */
  'policies.breaker': BreakerStatusSchema.pick({ scope: true, name: true, state: true }).extend({ ts: z.number() }),
  /** A budget window moved to another level (normal, warn, downgrade, over), with its standing then. */
  'policies.budget': BudgetWindowSchema,
  /** An alert fired (one its rule's cooldown held back does not). */
  'alerts.fired': AlertRecordSchema,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(events, name);
}
