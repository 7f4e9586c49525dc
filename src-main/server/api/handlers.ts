import { ApiError } from '../../../src-shared/contract/errors';
import type { AppInfo } from '../../../src-shared/contract/operations';
import { TrackerError } from '../../core/tracker/errors';
import type { ProxyController } from '../proxy-controller';
import type { ConfigService } from './config-service';
import type { KeyService } from './keys';
import { listModels } from './models';
import type { Playground } from './playground';
import type { PolicyService } from './policies';
import type { RouterHost } from './router-host';
import { requestPage, statsSummary } from './stats';
import type { HandlerTable } from './table';
import type { TrainingJobs } from './training-jobs';

export interface HandlerDeps {
  appInfo(): AppInfo;
  host: RouterHost;
  config: ConfigService;
  keys: KeyService;
  playground: Playground;
  training: TrainingJobs;
  proxy: ProxyController;
  policies: PolicyService;
}

/** The contract's operations over the app's services: the one implementation every transport calls. */
export function createHandlers(d: HandlerDeps): HandlerTable {
  const log = () => d.host.tracker.log;
  return {
    'app.info': async () => d.appInfo(),

    'config.get': async () => d.config.get(),
    'config.validate': async ({ yaml }) => {
      const { valid, errors } = d.config.check(yaml);
      return { valid, errors };
    },
    'config.save': ({ yaml }) => d.config.save(yaml),
    'config.preset': async ({ name }) => d.config.preset(name),
    'config.setRoute': async ({ yaml, complexity, category, model }) => ({ yaml: d.config.setRoute(yaml, complexity, category, model) }),
    'demo.set': async ({ enabled }) => {
      await d.config.setDemo(enabled);
      return d.appInfo();
    },

    'playground.classify': ({ prompt }, ctx) => d.playground.classify(prompt, ctx.signal),
    'playground.run': (input, ctx) => d.playground.run(input, ctx.signal),
    'playground.cancel': async ({ runId }) => d.playground.cancel(runId),
    'feedback.submit': async ({ requestId, rating, comment }) => {
      try {
        await d.host.tracker.feedback.add({ requestId, rating, ts: Date.now(), ...(comment ? { comment } : {}) });
      } catch (err) {
        if (err instanceof TrackerError) throw new ApiError({ code: 'not_found', message: err.message, field: 'requestId' });
        throw err;
      }
      return { requestId, rating };
    },

    'models.list': async () => listModels(d.host.current.loaded, d.keys.env()),

    'stats.summary': async (range) => statsSummary(log(), range),
    'requests.list': async (query) => requestPage(log(), query),
    'requests.get': async ({ id }) => {
      const request = log().get(id);
      if (!request) throw new ApiError({ code: 'not_found', message: `no request with id ${id} has been recorded`, field: 'id' });
      return { request, rating: (await d.host.tracker.feedback.forRequest(id))?.rating ?? null };
    },

    'train.preview': async (file) => d.training.preview(file),
    'train.start': async (input) => d.training.start(input),
    'train.get': async ({ jobId }) => d.training.get(jobId),
    'train.cancel': async ({ jobId }) => d.training.cancel(jobId),
    'train.activate': ({ jobId }) => d.training.activate(jobId),

    'proxy.status': async () => d.proxy.status(),
    'proxy.setEnabled': ({ enabled, port }) => d.proxy.setEnabled(enabled, port),

    'keys.list': async () => ({ keys: d.keys.list(d.host) }),
    'keys.set': ({ provider, key }) => d.keys.set(d.host, provider, key),
    'keys.delete': ({ provider }) => d.keys.delete(d.host, provider),
    'keys.check': ({ provider }) => d.keys.check(d.host, provider),

    'policies.status': () => d.policies.status(),
    'experiments.list': () => d.policies.listExperiments(),
    'experiments.create': (input) => d.policies.createExperiment(input),
    'experiments.status': ({ name }) => d.policies.experimentStatus(name),
    'experiments.stop': ({ name }) => d.policies.stopExperiment(name),
    'alerts.list': () => d.policies.alerts(),
    'alerts.test': (input) => d.policies.testAlert(input),
  };
}
