import { randomUUID } from 'node:crypto';

/**
 * `req_` + the time in ms (12 hex digits) + 20 hex digits of a v4 UUID (74 random bits). Ids that
 * grow with time land at the end of the request log's unique index instead of at random pages of
 * it, which keeps inserts cheap as the log grows, and they sort in the order requests arrived.
 */
export function newRequestId(now = Date.now()): string {
  // The UUID's last 20 hex digits (version nibble included), read around its dashes.
  const u = randomUUID();
  return `req_${now.toString(16).padStart(12, '0')}${u.slice(14, 18)}${u.slice(19, 23)}${u.slice(24)}`;
}
