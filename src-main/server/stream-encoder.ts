import type { RouteDecision } from '../../src-shared/routing';
import type { RouteResult, RouterStreamEvent } from '../core/router/types';
import type { ApiError } from './errors';

export type DeltaEvent = Exclude<RouterStreamEvent, { type: 'start' } | { type: 'end' } | { type: 'raw' }>;

/** Turns router stream events into one wire format's SSE text. One instance per response. */
export interface StreamEncoder {
  start(decision: RouteDecision): string;
  delta(event: DeltaEvent): string;
  end(result: RouteResult): string;
  /** The in-band error that ends a stream which already started. */
  error(err: ApiError): string;
}
