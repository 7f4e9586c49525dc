import type { Config } from '../../../../src-shared/config-schema';
import type { RouteDecision } from '../../../../src-shared/routing';
import { ConfigError } from '../../config/errors';
import { parseConfig } from '../../config/load';
import type { ExperimentDefinition, ExperimentStore, Variant } from '../../tracker/ports';
import type { ExperimentSplit, RouteTable } from '../types';

interface Active {
  /** What it was loaded from: a refresh that reads the same keeps it rather than parsing again. */
  source: string;
  name: string;
  split: number;
  tables: Record<Variant, RouteTable>;
  /** The note and reason each variant's requests carry, made once: they are the same for all. */
  notes: Record<Variant, { name: string; variant: Variant }>;
  reasons: Record<Variant, string>;
}

/**
 * A variant's route table. The variant's models must be models the serving config defines: their
 * providers, keys and prices come from it. Throws a ConfigError naming the file and the model.
 */
export function variantTable(side: { path: string; config: string }, serving: Config): RouteTable {
  const { config } = parseConfig(side.config, side.path);
  for (const tier of Object.values(config.routes)) {
    for (const cell of Object.values(tier)) {
      for (const model of [cell.model, ...cell.fallbacks]) {
        if (!Object.hasOwn(serving.models, model)) {
          throw new ConfigError(`${side.path}: routes to model '${model}', which the serving config does not define; add it under models: there, or route this variant to one it has`);
        }
      }
    }
  }
  return { routes: config.routes, threshold: config.classifier.threshold };
}

/** FNV-1a over the experiment's name and the prompt, in [0, 1): the same prompt always lands in the same variant. */
export function bucketOf(name: string, prompt: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ 0, 0x01000193);
  for (let i = 0; i < prompt.length; i++) h = Math.imul(h ^ prompt.charCodeAt(i), 0x01000193);
  return (h >>> 0) / 4294967296;
}

export function variantOf(name: string, split: number, prompt: string): Variant {
  return bucketOf(name, prompt) < split ? 'treatment' : 'control';
}

/**
 * Runs the oldest running experiment: each auto-routed prompt is routed by the control's or the
 * treatment's route table, and the variant is noted on the decision (and so stored with the
 * request). Running experiments are re-read off the request path, so `experiment create` and
 * `stop` from another process take effect within `refreshMs`.
 */
export class ExperimentRunner implements ExperimentSplit {
  private active: Active | undefined;
  private readonly timer: NodeJS.Timeout;
  /** Experiments whose configs failed to load, reported once each. */
  private readonly reported = new Set<string>();

  constructor(
    private readonly store: ExperimentStore,
    private readonly serving: Config,
    private readonly onError: (err: Error) => void,
    refreshMs = 5_000,
  ) {
    this.timer = setInterval(() => void this.refresh(), refreshMs);
    this.timer.unref();
  }

  async refresh(): Promise<void> {
    try {
      const running = (await this.store.list()).filter((e) => e.stoppedAt === undefined);
      const current = this.active;
      this.active = undefined;
      for (const def of running) {
        const active = current?.source === sourceOf(def) ? current : this.load(def);
        if (active) {
          this.active = active;
          return;
        }
      }
    } catch (err) {
      this.onError(err instanceof Error ? err : new Error(String(err)));
    }
  }

  assign(prompt: string, decision: RouteDecision): RouteTable | undefined {
    const a = this.active;
    if (!a) return undefined;
    const variant = variantOf(a.name, a.split, prompt);
    (decision.policies ??= {}).experiment = a.notes[variant];
    decision.reasons.push(a.reasons[variant]);
    return a.tables[variant];
  }

  close(): void {
    clearInterval(this.timer);
  }

  private load(def: ExperimentDefinition): Active | undefined {
    try {
      const { name } = def;
      return {
        source: sourceOf(def),
        name,
        split: def.split,
        tables: { control: variantTable(def.control, this.serving), treatment: variantTable(def.treatment, this.serving) },
        notes: { control: { name, variant: 'control' }, treatment: { name, variant: 'treatment' } },
        reasons: { control: `experiment ${name}: control routes`, treatment: `experiment ${name}: treatment routes` },
      };
    } catch (err) {
      if (!this.reported.has(def.name)) {
        this.reported.add(def.name);
        this.onError(new Error(`experiment ${def.name} is not running: ${err instanceof Error ? err.message : String(err)}`));
      }
      return undefined;
    }
  }
}

function sourceOf(def: ExperimentDefinition): string {
  return JSON.stringify([def.name, def.split, def.control, def.treatment]);
}
