import { Bar, BarChart, CartesianGrid, Cell, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { series, useChartColors, type ChartColors } from './theme';
import { ms, usd } from '../format';

interface DayCost {
  day: string;
  costUsd: number;
  baselineCostUsd: number;
}

function tooltipStyle(c: ChartColors) {
  return {
    contentStyle: { background: c['--surface'], borderColor: c['--border'], color: c['--text'] },
    labelStyle: { color: c['--text'] },
    itemStyle: { color: c['--text'] },
    // The hover band behind a bar; recharts' default is a light grey that glares in the dark scheme.
    cursor: { fill: c['--border'], fillOpacity: 0.35 },
  };
}

export function CostPerDayChart({ daily }: { daily: DayCost[] }) {
  const c = useChartColors();
  return (
    <div className="chart" role="img" aria-label="Cost per day, routed against baseline">
      <ResponsiveContainer>
        <BarChart data={daily} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid stroke={c['--border']} vertical={false} />
          <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} stroke={c['--text-muted']} fontSize={12} />
          <YAxis tickFormatter={(v: number) => usd(v)} stroke={c['--text-muted']} fontSize={12} width={80} />
          <Tooltip formatter={(v) => usd(Number(v))} {...tooltipStyle(c)} />
          <Legend />
          <Bar dataKey="costUsd" name="Routed" fill={c['--chart-1']} radius={[3, 3, 0, 0]} />
          <Bar dataKey="baselineCostUsd" name="Baseline" fill={c['--chart-3']} radius={[3, 3, 0, 0]} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

interface Row {
  key: string | null;
  requests: number;
  costUsd: number;
}

export function DistributionChart({ rows, label }: { rows: Row[]; label: string }) {
  const c = useChartColors();
  const colors = series(c);
  const data = rows.map((r) => ({ name: r.key ?? 'not classified', requests: r.requests, costUsd: r.costUsd }));
  if (data.length === 0) return <p className="muted small">No requests in this range.</p>;
  // Room for the longest label (about 7 px a character at 12 px), within reason for a narrow card.
  const labelWidth = Math.min(180, Math.max(60, Math.max(...data.map((d) => d.name.length)) * 7 + 8));
  return (
    <div className="chart" style={{ height: Math.max(120, data.length * 34 + 30) }} role="img" aria-label={`Requests by ${label}`}>
      <ResponsiveContainer>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }}>
          <XAxis type="number" allowDecimals={false} stroke={c['--text-muted']} fontSize={12} />
          <YAxis type="category" dataKey="name" width={labelWidth} stroke={c['--text-muted']} fontSize={12} tickFormatter={(n: string) => (n.length * 7 > labelWidth ? `${n.slice(0, Math.floor(labelWidth / 7) - 1)}…` : n)} />
          <Tooltip formatter={(v, name) => (name === 'costUsd' ? usd(Number(v)) : v)} {...tooltipStyle(c)} />
          <Bar dataKey="requests" name="Requests" radius={[0, 3, 3, 0]}>
            {data.map((_, i) => (
              <Cell key={i} fill={colors[i % colors.length]} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function LatencyChart({ p50, p95, p99, ttftP50 }: { p50: number; p95: number; p99: number; ttftP50?: number | undefined }) {
  const c = useChartColors();
  const data = [
    { name: 'p50', ms: p50 },
    { name: 'p95', ms: p95 },
    { name: 'p99', ms: p99 },
    ...(ttftP50 !== undefined ? [{ name: 'TTFT p50', ms: ttftP50 }] : []),
  ];
  return (
    <div className="chart" style={{ height: 180 }} role="img" aria-label="Latency percentiles">
      <ResponsiveContainer>
        <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid stroke={c['--border']} vertical={false} />
          <XAxis dataKey="name" stroke={c['--text-muted']} fontSize={12} />
          <YAxis tickFormatter={(v: number) => ms(v)} stroke={c['--text-muted']} fontSize={12} width={70} />
          <Tooltip formatter={(v) => ms(Number(v))} {...tooltipStyle(c)} />
          <Bar dataKey="ms" name="Latency" fill={c['--chart-4']} radius={[3, 3, 0, 0]} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
