import { Command, CommanderError } from 'commander';
import { ConfigError } from '../core/config/errors';
import { RouteError } from '../core/router/types';
import { TrackerError } from '../core/tracker/errors';
import { registerClassify } from './commands/classify';
import { registerDashboard } from './commands/dashboard';
import { registerAlerts } from './commands/alerts';
import { registerEval } from './commands/eval';
import { registerExperiment } from './commands/experiment';
import { registerFeedback } from './commands/feedback';
import { registerInit } from './commands/init';
import { registerQuality } from './commands/quality';
import { registerRoute } from './commands/route';
import { registerServe } from './commands/serve';
import { registerStats } from './commands/stats';
import { registerTrain } from './commands/train';
import { CliError, EXIT } from './exit';

const VERSION = '0.1.0';

const program = new Command('mmrouter')
  .description('Route every LLM request to the model it needs: cheap for simple prompts, powerful for hard ones.')
  .version(VERSION)
  .option('-c, --config <file>', 'routing config (default: $MMROUTER_CONFIG, ./mmrouter.yaml, ~/.mmrouter/config.yaml, configs/default.yaml)')
  .option('--json', 'print machine-readable JSON where the output is data')
  .showHelpAfterError('(run mmrouter --help for usage)')
  .exitOverride();

registerRoute(program);
registerClassify(program);
registerStats(program);
registerInit(program);
registerEval(program);
registerTrain(program);
registerServe(program);
registerDashboard(program, VERSION);
registerFeedback(program);
registerQuality(program);
registerExperiment(program);
registerAlerts(program);

try {
  await program.parseAsync();
} catch (err) {
  process.exitCode = report(err);
}

/** One clear line on stderr and the exit code for it; a stack trace only with MMROUTER_DEBUG=1. */
function report(err: unknown): number {
  if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (process.env.MMROUTER_DEBUG) console.error(err);
  const line = (msg: string) => process.stderr.write(`mmrouter: ${msg}\n`);
  if (err instanceof CliError) {
    line(err.message);
    return err.exitCode;
  }
  if (err instanceof ConfigError || err instanceof TrackerError) {
    line(err.message);
    return EXIT.usage;
  }
  if (err instanceof RouteError) {
    line(err.message);
    return err.errorClass === 'config' || err.errorClass === 'not_found' ? EXIT.usage : EXIT.failure;
  }
  if (err instanceof Error && err.name === 'DatasetError') {
    line(err.message);
    return EXIT.usage;
  }
  line(`unexpected error: ${err instanceof Error ? err.message : String(err)} (set MMROUTER_DEBUG=1 for details)`);
  return EXIT.failure;
}
