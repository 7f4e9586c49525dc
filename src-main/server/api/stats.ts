import type { OperationOutput, ParsedInput } from '../../../src-shared/contract/operations';
import type { RequestLogReader } from '../../core/tracker/ports';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Days of daily cost when the range has no start. */
const DEFAULT_DAYS = 30;
const MAX_DAYS = 366;

/** The analytics page's figures over one time range. */
export function statsSummary(log: RequestLogReader, range: ParsedInput<'stats.summary'>, now = Date.now()): OperationOutput<'stats.summary'> {
  const until = range.until ?? now;
  const days = range.since === undefined ? DEFAULT_DAYS : Math.min(MAX_DAYS, Math.max(1, Math.ceil((until - range.since) / DAY_MS)));
  return {
    summary: log.summary(range),
    // The day holding the last included millisecond is the newest bucket.
    daily: log.dailyCost({ days, now: Math.max(0, until - 1) }),
    byComplexity: log.distribution({ by: 'complexity', ...range }),
    byCategory: log.distribution({ by: 'category', ...range }),
    byModel: log.distribution({ by: 'model', ...range }),
    latency: log.latencyPercentiles(range),
  };
}

export function requestPage(log: RequestLogReader, q: ParsedInput<'requests.list'>): OperationOutput<'requests.list'> {
  const { total, items } = log.search({
    ...(q.since !== undefined ? { since: q.since } : {}),
    ...(q.until !== undefined ? { until: q.until } : {}),
    ...(q.search !== undefined ? { text: q.search } : {}),
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return { total, page: q.page, pageSize: q.pageSize, items };
}
