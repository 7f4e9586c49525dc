import type { PolicyEvent } from '../../core/policies/types';
import type { ApiEventBus } from './event-bus';

/** A core policy event as the contract's push event (the bus checks and strips it to the schema). */
export function publishPolicyEvent(bus: ApiEventBus, e: PolicyEvent): void {
  switch (e.kind) {
    case 'breaker':
      return bus.emit('policies.breaker', e.breaker);
    case 'budget':
      return bus.emit('policies.budget', e.window);
    case 'alert':
      return bus.emit('alerts.fired', e.alert);
  }
}
