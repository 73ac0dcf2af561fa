import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { EXIT } from '../errors.ts';
import { versions } from '../node/versions.ts';
import { compareCommand } from './compare.ts';
import { describeCommand } from './describe.ts';
import { ensembleCommand, mergeCommand } from './ensemble.ts';
import { exportCommand } from './export.ts';
import { importCommand } from './import.ts';
import { listCommand } from './list.ts';
import { reportError } from './report.ts';
import { runCommand } from './run.ts';
import { schemaCommand } from './schema.ts';
import { scanCommand } from './scan.ts';
import { steadyCommand } from './steady.ts';
import { trialCommand } from './trial.ts';
import { fitCommand } from './fit.ts';
import { validateCommand } from './validate.ts';

/** Parse arguments and dispatch; returns the process exit code (0 ok, 1 expectation failed, 2 bad input, 3 numerical failure). */
export async function main(argv: string[]): Promise<number> {
  // A reader that stops early (`bonesim list | head`) closes the pipe: the command still finishes its
  // work and its files, and says nothing more, as Unix tools do.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  let code: number = EXIT.ok;
  const program = new Command()
    .name('bonesim')
    .description('Bone remodeling simulator: RANK/RANKL/OPG and bone cell ODE models driven by scenario files')
    .version(versions().bonesim, '-V, --version', 'print the version of bonesim')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  program.command('run')
    .description('run scenario files (or SBML files) and write CSV, JSON and SVG results')
    .argument('<scenarios...>', 'scenario files or ids (e.g. denosumab), or SBML files (.xml) run from their initial values')
    .option('-o, --out <dir>', 'output folder', 'out')
    .option('-f, --format <list>', 'the outputs to write, all of them: e.g. csv,json,svg,png (add png to the default to get it too)', 'csv,json,svg')
    .option('--observables <list>', 'species, observables or roles to chart, comma-separated (default: every column that changes)')
    .option('--rtol <number>', 'relative tolerance, above 0 and at most 0.1 (overrides the scenario)', relativeTolerance)
    .option('--atol <number>', 'absolute tolerance, above 0 (overrides the scenario)', absoluteTolerance)
    .option('-q, --quiet', 'print only failures')
    .option('--keep-partial', 'when a run fails numerically, keep its trajectory up to the failure as NAME.failed.csv (for diagnosis, not a result)')
    .option('--duration <time>', 'SBML files: how long to run, e.g. "100 day" or a number in the model\'s time unit')
    .option('--output-every <time>', 'SBML files: output step (default: a hundredth of the run)')
    .option('--amounts', 'SBML files: species columns hold amounts, not concentrations')
    .option('--time-unit <unit>', 'SBML files: the time unit, when the file declares none (default: second)')
    .action(async (scenarios: string[], options) => {
      code = await runCommand(scenarios, options);
    });

  program.command('import')
    .description('translate an SBML file into a bonesim model file (and a scenario with its events)')
    .argument('<file>', 'an SBML file (Level 2 or 3)')
    .requiredOption('-o, --out <file>', 'the model file to write, e.g. models/NAME.yaml')
    .option('--scenario <file>', 'where to write the scenario for the SBML events (default: scenarios/<id>.yaml beside the model folder)')
    .option('--id <id>', 'the model id (default: from the file name)')
    .option('--time-unit <unit>', 'the time unit, when the file declares none (default: second)')
    .option('--duration <time>', 'the scenario\'s run length (default: 100 in the model\'s time unit)')
    .option('--output-every <time>', 'the scenario\'s output step (default: a hundredth of the run)')
    .action((file: string, options) => {
      code = importCommand(file, options);
    });

  program.command('compare')
    .description('run scenarios side by side and write an HTML report, charts (SVG, PNG) and metrics (CSV, JSON)')
    .argument('<scenarios...>', 'scenario YAML files (on one model, or on several: quantities are matched by role)')
    .option('-o, --out <dir>', 'output folder', 'out')
    .option('--observables <list>', 'roles or columns to chart, comma-separated (e.g. bone_volume,active_osteoclasts,RANKL)')
    .option('--baseline <file>', 'scenario to measure the others against (default: a scenario that changes nothing, or the model at steady state)')
    .option('--log', 'logarithmic value axes in the charts (the report can switch)')
    .option('--title <text>', 'report title')
    .option('-q, --quiet', 'no progress lines')
    .action(async (scenarios: string[], options) => {
      code = await compareCommand(scenarios, options);
    });

  for (const name of ['ensemble', 'sensitivity'] as const) {
    program.command(name)
      .description(name === 'ensemble'
        ? 'run an ensemble design (population, sweep or sensitivity analysis) on every core into Parquet parts, summaries and a report; resumable'
        : 'run a sensitivity design (local, Morris or Sobol): bonesim ensemble for designs with an analysis')
      .argument(name === 'ensemble' ? '[design]' : '<design>', 'an ensemble design file or its id (ensembles/)')
      .option('-o, --out <dir>', 'output folder (a rerun of the same command resumes it)')
      .option('-t, --threads <n>', 'worker threads (default: every core; 0 runs on the main thread)')
      .option('--shard <i/n>', 'run share i of n (0-based) into DIR/share-i-of-n; default from SLURM_ARRAY_TASK_ID/COUNT or JOB_COMPLETION_INDEX; "all" ignores them')
      .option('--shards <n>', 'the number of shares, for a Kubernetes indexed job (JOB_COMPLETION_INDEX)')
      .option('--points <n>', 'output times per member (the scenario\'s grid thinned to about n); 0: no trajectories', '200')
      .option('--observables <list>', 'species and observables kept over time, comma-separated (default: all)')
      .option('--chunk-size <n>', 'members per chunk (default: about 1/128 of the ensemble)')
      .option('--no-png', 'charts as SVG only')
      .option('--verify <dir>', 'check an output folder against its manifest instead of running')
      .option('-q, --quiet', 'no progress')
      .action(async (design: string | undefined, options) => {
        code = await ensembleCommand(design, options, name);
      });
  }

  program.command('merge')
    .description('join the shares of a sharded ensemble (their folders, or the folder holding them) into what one unsharded run writes')
    .argument('<dirs...>', 'share folders (DIR/share-i-of-n), or the folder holding them')
    .requiredOption('-o, --out <dir>', 'output folder')
    .option('--no-png', 'charts as SVG only')
    .action(async (dirs: string[], options) => {
      code = await mergeCommand(dirs, options);
    });

  program.command('trial')
    .description('run a virtual clinical trial file (arms, regimens, visits, endpoints, data): endpoints.csv, trial.json and an HTML report')
    .argument('<trial>', 'a trial file or its id (trials/), e.g. freedom')
    .option('-o, --out <dir>', 'output folder', 'out')
    .option('-q, --quiet', 'print only errors')
    .action((trial: string, options) => {
      code = trialCommand(trial, options);
    });

  program.command('fit')
    .description('fit model parameters to the data of trial files (weighted least squares, Levenberg-Marquardt, multistart) and write the fitted set')
    .argument('<fit>', 'a fit file (fits/)')
    .option('-o, --out <file>', 'the parameter-set file to write (default: the fit file\'s out:)')
    .option('-t, --threads <n>', 'worker threads for the Jacobian (default: every core; 0 runs on the main thread)')
    .option('-q, --quiet', 'no progress on stderr')
    .action(async (fit: string, options) => {
      code = await fitCommand(fit, options);
    });

  program.command('validate')
    .description('check model, scenario, trial, fit or ensemble design files without running them')
    .argument('<files...>', 'YAML files (the kind is read from the fields: rates, arms, trials, scenario)')
    .action((files: string[]) => {
      code = validateCommand(files);
    });

  program.command('steady')
    .description('find the steady state (or, for a scenario, one per parameter set it goes through) and its stability')
    .argument('<file>', 'a model or scenario file, or its id')
    .option('--json', 'print the result as JSON')
    .option('--at <time>', "for a scenario: the steady state of the system as it stands at that time (time courses evaluated then), e.g. --at '50 day'")
    .action((file: string, options) => {
      code = steadyCommand(file, options);
    });

  program.command('scan')
    .description('follow the steady state along one parameter, mark changes of stability, write CSV and a chart')
    .argument('<file>', 'a model or scenario YAML file')
    .requiredOption('-p, --param <name>', 'the parameter (or input) to vary')
    .requiredOption('--from <value>', 'first value')
    .requiredOption('--to <value>', 'last value')
    .option('-n, --steps <count>', 'number of steps between --from and --to', '40')
    .option('-o, --out <dir>', 'output folder', 'out')
    .option('-f, --format <list>', 'outputs to write: csv,svg,png', 'csv,svg')
    .option('-q, --quiet', 'print nothing but errors')
    .action((file: string, options) => {
      code = scanCommand(file, options);
    });

  program.command('describe')
    .description('show what a model, scenario or trial holds: species, parameters (value, unit, range, source), inputs, roles, modules, observables; events and expectations; the arms of a trial, regimens, visits and endpoints')
    .argument('<file>', 'a model, scenario or trial file, or its id (e.g. bone-rankl, denosumab, freedom)')
    .option('-f, --format <format>', 'text or json', 'text')
    .action((file: string, options) => {
      code = describeCommand(file, options);
    });

  program.command('export')
    .description('write a model (an id or a file) or a scenario file as SBML Level 3 Version 2')
    .argument('<target>', 'a model id from `bonesim list`, a model file, or a scenario file')
    .option('--sbml <file>', 'the SBML file to write')
    .option('-q, --quiet', 'print nothing but errors')
    .action((target: string, options) => {
      code = exportCommand(target, options);
    });

  program.command('schema')
    .description('print the JSON Schema of model or scenario files (copies in schemas/, for editors)')
    .argument('<kind>', 'model or scenario')
    .action((kind: string) => {
      code = schemaCommand(kind);
    });

  program.command('list')
    .description('list the bundled models and scenarios')
    .action(() => {
      code = listCommand();
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return EXIT.ok;
      return EXIT.badInput;
    }
    return reportError(error);
  }
}

// Flags follow the rules of the fields they override (src/simulate/scenarioSchema.ts: solver.rtol, solver.atol).
function relativeTolerance(text: string): number {
  const value = positiveNumber(text);
  if (value > 0.1) throw new InvalidArgumentError(`rtol must be at most 0.1 (a scenario's solver.rtol has the same limit), got ${text}; e.g. --rtol 1e-6`);
  return value;
}

function absoluteTolerance(text: string): number {
  return positiveNumber(text);
}

function positiveNumber(text: string): number {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(value)) throw new InvalidArgumentError(`expected a number, got "${text}"; e.g. 1e-8`);
  if (value <= 0) throw new InvalidArgumentError(`must be above 0, got ${text}; e.g. 1e-8`);
  return value;
}
