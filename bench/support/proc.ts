import { readFileSync, readdirSync } from 'node:fs';

/** Linux reports CPU times in clock ticks of 1/100 s. */
const CLOCK_TICKS_PER_S = 100;

/** The process and every process it started (`mmrouter serve` serves from a child of its launcher). */
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

/**
 * Resident memory now and at its peak, in MB, of the process that serves: the last one `pid`
 * started, if it started any (a launcher's own memory is reported as `launcher`).
 */
export function rssMb(pid: number | undefined): { rss: number; peak: number; launcher: number } {
  const tree = processTree(Number(pid));
  const kb = (p: number, key: string): number => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
  const serving = tree.at(-1) ?? Number(pid);
  return { rss: kb(serving, 'VmRSS') / 1024, peak: kb(serving, 'VmHWM') / 1024, launcher: serving === pid ? 0 : kb(Number(pid), 'VmRSS') / 1024 };
}
