import { useEffect, useState } from 'react';

const VARS = ['--chart-1', '--chart-2', '--chart-3', '--chart-4', '--chart-5', '--chart-6', '--text-muted', '--border', '--surface', '--text'] as const;
export type ChartColors = Record<(typeof VARS)[number], string>;

function read(): ChartColors {
  const style = getComputedStyle(document.documentElement);
  return Object.fromEntries(VARS.map((v) => [v, style.getPropertyValue(v).trim()])) as ChartColors;
}

/** The theme's chart colours as values (SVG attributes take colours, not CSS variables), updated when the OS scheme flips. */
export function useChartColors(): ChartColors {
  const [colors, setColors] = useState(read);
  useEffect(() => {
    const mq = window.matchMedia('(prefers-color-scheme: dark)');
    const update = () => setColors(read());
    mq.addEventListener('change', update);
    return () => mq.removeEventListener('change', update);
  }, []);
  return colors;
}

export function series(c: ChartColors): string[] {
  return [c['--chart-1'], c['--chart-2'], c['--chart-3'], c['--chart-4'], c['--chart-5'], c['--chart-6']];
}
