/** Prometheus metrics for the proxy, kept as plain counters so recording costs a few map lookups. */

const BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

export interface RequestObservation {
  endpoint: string;
  /** Configured model that answered (or was last tried); '' when none was chosen. */
  model: string;
  status: number;
  durationMs: number;
  /** Router error class on failure. */
  errorClass?: string;
  costUsd?: number;
  inputTokens?: number;
  outputTokens?: number;
}

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

const NEEDS_ESCAPE = /[\\\n"]/;

function escapeLabel(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

// Runs several times per proxied request, hence a plain loop rather than entries/map/join.
function labels(pairs: Record<string, string>): string {
  let out = '';
  for (const key in pairs) out += `${out === '' ? '' : ','}${key}="${escapeLabel(pairs[key] ?? '')}"`;
  return out;
}

/**
 * Label strings per tuple of values, built once: observe() runs on every request, and building
 * and hashing five fresh strings there showed up in the proxy's profile. Values come from a
 * bounded set (endpoints, configured models, statuses, error classes).
 */
class LabelKeys {
  private readonly cache = new Map<string, Map<string, Map<string, string>>>();

  constructor(private readonly names: readonly [string, string?, string?]) {}

  key(a: string, b = '', c = ''): string {
    let byB = this.cache.get(a);
    if (!byB) this.cache.set(a, (byB = new Map()));
    let byC = byB.get(b);
    if (!byC) byB.set(b, (byC = new Map()));
    let key = byC.get(c);
    if (key === undefined) {
      const [na, nb, nc] = this.names;
      key = labels({ [na]: a, ...(nb && { [nb]: b }), ...(nc && { [nc]: c }) });
      byC.set(c, key);
    }
    return key;
  }
}

const REQUEST_KEYS = new LabelKeys(['endpoint', 'model', 'status']);
const ERROR_KEYS = new LabelKeys(['endpoint', 'model', 'error_class']);
const MODEL_KEYS = new LabelKeys(['model']);
const TOKEN_KEYS = new LabelKeys(['model', 'direction']);
const ENDPOINT_KEYS = new LabelKeys(['endpoint']);

function add(map: Map<string, number>, key: string, by: number): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

export class ProxyMetrics {
  private readonly requests = new Map<string, number>();
  private readonly errors = new Map<string, number>();
  private readonly cost = new Map<string, number>();
  private readonly tokens = new Map<string, number>();
  private readonly latency = new Map<string, Histogram>();
  inFlight = 0;

  observe(o: RequestObservation): void {
    add(this.requests, REQUEST_KEYS.key(o.endpoint, o.model, String(o.status)), 1);
    if (o.errorClass) add(this.errors, ERROR_KEYS.key(o.endpoint, o.model, o.errorClass), 1);
    if (o.costUsd) add(this.cost, MODEL_KEYS.key(o.model), o.costUsd);
    if (o.inputTokens) add(this.tokens, TOKEN_KEYS.key(o.model, 'input'), o.inputTokens);
    if (o.outputTokens) add(this.tokens, TOKEN_KEYS.key(o.model, 'output'), o.outputTokens);
    const key = ENDPOINT_KEYS.key(o.endpoint);
    let h = this.latency.get(key);
    if (!h) {
      h = { counts: BUCKETS_S.map(() => 0), sum: 0, count: 0 };
      this.latency.set(key, h);
    }
    const seconds = o.durationMs / 1000;
    h.sum += seconds;
    h.count += 1;
    const bucket = BUCKETS_S.findIndex((b) => seconds <= b);
    if (bucket >= 0) h.counts[bucket] = (h.counts[bucket] ?? 0) + 1;
  }

  /** Prometheus text exposition format 0.0.4. */
  render(): string {
    const out: string[] = [];
    const family = (name: string, type: string, help: string, series: Map<string, number>): void => {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [key, value] of series) out.push(`${name}{${key}} ${value}`);
    };
    family('mmrouter_proxy_requests_total', 'counter', 'Proxy requests by endpoint, answering model and HTTP status.', this.requests);
    family('mmrouter_proxy_errors_total', 'counter', 'Failed routed requests by router error class.', this.errors);
    family('mmrouter_proxy_cost_usd_total', 'counter', 'Provider cost of answered requests in USD.', this.cost);
    family('mmrouter_proxy_tokens_total', 'counter', 'Tokens by model and direction.', this.tokens);
    out.push('# HELP mmrouter_proxy_in_flight Requests being processed.', '# TYPE mmrouter_proxy_in_flight gauge', `mmrouter_proxy_in_flight ${this.inFlight}`);
    out.push('# HELP mmrouter_proxy_request_duration_seconds End-to-end latency of routed requests.', '# TYPE mmrouter_proxy_request_duration_seconds histogram');
    for (const [key, h] of this.latency) {
      let cumulative = 0;
      BUCKETS_S.forEach((b, i) => {
        cumulative += h.counts[i] ?? 0;
        out.push(`mmrouter_proxy_request_duration_seconds_bucket{${key},le="${b}"} ${cumulative}`);
      });
      out.push(`mmrouter_proxy_request_duration_seconds_bucket{${key},le="+Inf"} ${h.count}`);
      out.push(`mmrouter_proxy_request_duration_seconds_sum{${key}} ${h.sum}`);
      out.push(`mmrouter_proxy_request_duration_seconds_count{${key}} ${h.count}`);
    }
    return out.join('\n') + '\n';
  }
}
