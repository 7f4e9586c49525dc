/** A budget window: which day or month it is in the budget's time zone, and when it ends. */
export interface Period {
  /** `day:2026-11-26` or `month:2026-11`. */
  key: string;
  /** Epoch ms of the next reset (local midnight, or the first of the next month). */
  resetsAt: number;
}

interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/**
 * Days and months in one IANA time zone, DST included. The current periods are cached until they
 * end, so the hot path formats no dates.
 */
export class BudgetCalendar {
  private readonly format: Intl.DateTimeFormat;
  private today: Period | undefined;
  private thisMonth: Period | undefined;

  constructor(readonly timeZone: string) {
    this.format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  }

  day(now: number): Period {
    if (!this.today || now >= this.today.resetsAt) {
      const d = this.localDate(now);
      this.today = { key: `day:${d.year}-${pad(d.month)}-${pad(d.day)}`, resetsAt: this.startOf(d.year, d.month, d.day + 1) };
    }
    return this.today;
  }

  month(now: number): Period {
    if (!this.thisMonth || now >= this.thisMonth.resetsAt) {
      const d = this.localDate(now);
      this.thisMonth = { key: `month:${d.year}-${pad(d.month)}`, resetsAt: this.startOf(d.year, d.month + 1, 1) };
    }
    return this.thisMonth;
  }

  /** `2026-11-27 00:00 Europe/Berlin`. */
  describe(ts: number): string {
    const d = this.localDate(ts);
    const p = this.parts(ts);
    return `${d.year}-${pad(d.month)}-${pad(d.day)} ${pad(p.hour)}:${pad(p.minute)} ${this.timeZone}`;
  }

  private parts(ts: number): LocalDate & { hour: number; minute: number; second: number } {
    const out = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
    for (const p of this.format.formatToParts(ts)) if (p.type in out) out[p.type as keyof typeof out] = Number(p.value);
    return out;
  }

  private localDate(ts: number): LocalDate {
    return this.parts(ts);
  }

  /** The zone's offset from UTC at `ts`, in ms. */
  private offset(ts: number): number {
    const p = this.parts(ts);
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - (ts - (ts % 1000));
  }

  /** Epoch ms of local midnight starting the given day (days and months may overflow, as in Date.UTC). */
  private startOf(year: number, month: number, day: number): number {
    const wall = Date.UTC(year, month - 1, day);
    let ts = wall - this.offset(wall);
    // Across a DST change the offset at the guess differs from the offset at the answer.
    ts = wall - this.offset(ts);
    return ts;
  }
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function machineTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
