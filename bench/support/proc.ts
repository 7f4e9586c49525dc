import { readFileSync, readdirSync } from 'node:fs';

/** Linux reports CPU times in clock ticks of 1/100 s. */
const CLOCK_TICKS_PER_S = 100;

/** The process and every process it started (`serve --workers N`: the primary and its workers). */
function processTree(pid: number): number[] {
  const children = readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
    readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
  );
  return [pid, ...children.flatMap(processTree)];
}

/** User + system CPU seconds a process and its descendants have used, from /proc. */
export function cpuSeconds(pid: number | undefined): number {
  let total = 0;
  for (const p of processTree(Number(pid))) {
    const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    total += (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S;
  }
  return total;
}

/** Resident memory now and at its peak, in MB. */
export function rssMb(pid: number | undefined): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string): number => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}
