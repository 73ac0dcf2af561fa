// bonesim's portable core: plain functions over plain data, no Node built-ins (the same code runs
// in the CLI, worker threads and a web page). File access, PNG and versions: `bonesim/node` (src/node/index.ts).
export { BonesimError, inputError, numericalError, EXIT } from './errors.ts';
export type { ErrorKind, ErrorLocation } from './errors.ts';
export type { Model, Species, Parameter, Input, NamedExpression, Observable, Annotation } from './model/model.ts';
export type { Role, Invariants } from './model/schema.ts';
export { parseModel, modelFromSource } from './model/parseModel.ts';
export { parseYaml, type YamlSource } from './io/yamlSource.ts';
export { compileModel } from './model/compile.ts';
export type { CompiledModel, CompileOptions, RightHandSide, VectorFunction, ScalarFunction, ScalarOptions, BoundFunction } from './model/compile.ts';
export type { JacobianFunction, CompiledJacobian } from './model/jacobian.ts';
export { parseExpression } from './model/parseExpression.ts';
export type { ParseOptions } from './model/parseExpression.ts';
export type { Expr, BinaryOp, UnaryOp } from './model/expr.ts';
export { parseTime, DAYS_PER } from './model/timeUnits.ts';
export type { TimeUnit } from './model/timeUnits.ts';
export type {
  Integrator, IntegratorOptions, OdeProblem, Solution, SolutionStatus, SolverStats, StepObserver, DenseOutput, DenseOutputBatch,
  GeneratedProblem, Dp5Kernel, StiffnessCheck,
} from './solve/types.ts';
export { DEFAULT_INTEGRATOR_OPTIONS } from './solve/types.ts';
export { dp5Integrator } from './solve/dp5.ts';
export { odexIntegrator } from './solve/odex.ts';
export { rodas5pIntegrator, rosenbrockIntegrator } from './solve/rosenbrock.ts';
export { RODAS5P, type RosenbrockTableau } from './solve/rodas5pTableau.ts';
export { autoIntegrator, type AutoMethods } from './solve/auto.ts';
export { DEFAULT_STIFFNESS_SETTINGS, type StiffnessSettings } from './solve/stiffnessDetector.ts';
export { integratorNamed, methodNames, DEFAULT_METHOD } from './solve/methods.ts';
export { parseScenario, scenarioFromSource } from './simulate/parseScenario.ts';
export type { LoadedScenario, ModelResolver, ScenarioParseOptions } from './simulate/parseScenario.ts';
export type { Meaning } from './model/suggest.ts';
export type { Scenario, Assignment, ScheduledEvent, StateEvent, Expectation, SolverSettings } from './simulate/scenario.ts';
export type { ExpectationOutcome } from './simulate/expectations.ts';
export { simulate, prepareSimulation } from './simulate/simulate.ts';
export type { SimulationResult, SimulationOptions, EventRecord, PreparedSimulation, RunVariation } from './simulate/simulate.ts';
export { findSteadyState } from './solve/steadyState.ts';
export type { SteadyState, SteadyStateOptions } from './solve/steadyState.ts';
export { analyseStability, classify } from './analysis/stability.ts';
export type { Stability, Eigenvalue, StabilityClass, Oscillation, AbsentPopulation } from './analysis/stability.ts';
export type { TimeSwitches, WatchedSwitch } from './model/timeSwitches.ts';
export type { RunWarning } from './model/parameterLimits.ts';
export { steadyStatesOf } from './analysis/steadyStates.ts';
export type { SteadyStates, SteadyStateReport } from './analysis/steadyStates.ts';
export { scanParameter } from './analysis/scan.ts';
export type { ScanResult, ScanPoint, StabilityChange } from './analysis/scan.ts';
export { scanChart } from './render/scanChart.ts';
export type { ScanChartOptions, ScanPanel } from './render/scanChart.ts';
export { modelVariant } from './model/variant.ts';
export type { ModelChanges } from './model/variant.ts';
export { compareRuns } from './analysis/compare.ts';
export type { Comparison, ComparedRun, CompareOptions } from './analysis/compare.ts';
export type { Quantity } from './analysis/quantities.ts';
export { runMetrics } from './analysis/metrics.ts';
export type {
  ScenarioMetrics, BoneVolumeMetrics, BoneVolumeChange, PopulationMetrics, SteadyStateMetrics, RelativeSeries, TurnoverMetrics, TimedValue, Excursion,
} from './analysis/metrics.ts';
export { metricRows } from './analysis/metricRows.ts';
export type { MetricRow, MetricKind } from './analysis/metricRows.ts';
export { timeSeriesChart, PALETTE } from './render/timeSeriesChart.ts';
export type { ChartOptions, LineSeries, Marker, Panel, LegendItem } from './render/timeSeriesChart.ts';
export { comparisonChart, type ComparisonChartOptions } from './render/comparisonChart.ts';
export { comparisonReportHtml, type ComparisonReportInput } from './render/comparisonReport.ts';
export { resultChart } from './render/resultChart.ts';
export { createDocument, svgToString } from './render/dom.ts';
export { resultToCsv } from './io/resultCsv.ts';
export { resultToJson } from './io/resultJson.ts';
// Ensembles: design files, members by index, the estimators (issue 12); their other building blocks: src/ensemble/*.
export { parseEnsembleDesign, resolveEnsembleDesign, loadEnsembleDesign, MAX_MEMBERS } from './ensemble/loadDesign.ts';
export type { DesignContext, ParsedDesign } from './ensemble/loadDesign.ts';
export type { DesignFile, DistributionFile, GridAxisFile, PairCorrelationFile, MatrixCorrelationFile, AnalysisFile } from './ensemble/designSchema.ts';
export type { EnsembleDesign, Analysis, SampledParameter, GridAxis, ParameterTable, Copula, PopulationAnalysis, LocalAnalysis, MorrisAnalysis, SobolAnalysis } from './ensemble/design.ts';
export { memberCount, memberParameters, createSampler } from './ensemble/sampling.ts';
export type { MemberSampler } from './ensemble/sampling.ts';
export type { Distribution, Marginal } from './ensemble/distributions.ts';
export { sobolIndices } from './ensemble/sobolIndices.ts';
export type { SobolIndices, SaltelliOptions } from './ensemble/sobolIndices.ts';
export { morrisEffects } from './ensemble/morris.ts';
export type { MorrisEffects } from './ensemble/morris.ts';
export { localCoefficients } from './ensemble/localSensitivity.ts';
export type { LocalSensitivity } from './ensemble/localSensitivity.ts';
export type { PercentileBands, BandOptions, BandValues } from './ensemble/percentileBands.ts';
export type { MetricSummary, MetricDistribution } from './ensemble/metricSummary.ts';
export type { QuantileSketch } from './ensemble/quantileSketch.ts';
export type { FanPanel, FanChartOptions } from './render/fanChart.ts';
export type { TornadoBar, TornadoPanel, TornadoChartOptions } from './render/tornadoChart.ts';
export type { SobolPanel, SobolChartOptions } from './render/sobolChart.ts';
// Running ensembles: members by index into typed arrays with a status each, chunks, summaries, report (issue 12).
export type { MemberRun, MemberStatus, MemberState } from './simulate/member.ts';
export { openEnsemble, DEFAULT_POINTS } from './ensemble/ensemble.ts';
export type { Ensemble, EnsembleInputs, EnsembleOptions, EnsembleLayout, SourceText } from './ensemble/ensemble.ts';
export { createChunkResult, STATE_CODES, STATE_NAMES } from './ensemble/chunkResult.ts';
export type { ChunkResult } from './ensemble/chunkResult.ts';
export { memberMetrics } from './ensemble/memberMetrics.ts';
export type { MemberMetrics, MetricDefinition } from './ensemble/memberMetrics.ts';
export { summaryBuilder } from './ensemble/summary.ts';
export type { EnsembleSummary, PartColumns, SummaryBuilder } from './ensemble/summary.ts';
export { ensembleCsvFiles, ensembleSummaryJson } from './io/ensembleCsv.ts';
export { ensembleCharts, headlineMetrics, nominalReference } from './render/ensembleCharts.ts';
export type { EnsembleChart, EnsembleChartOptions } from './render/ensembleCharts.ts';
export { ensembleReportHtml } from './render/ensembleReport.ts';
export type { EnsembleReportInput } from './render/ensembleReport.ts';
// SBML import (src/formats/sbml/): text in, a bonesim model and SBML's events out; its own simulator.
export { readSbml } from './formats/sbml/readSbml.ts';
export { importSbml } from './formats/sbml/importModel.ts';
export type { ImportOptions as SbmlImportOptions } from './formats/sbml/importModel.ts';
export { simulateSbml, prepareSbml, evenTimes } from './formats/sbml/simulateSbml.ts';
export type { SbmlRunOptions, SbmlRunResult, SbmlOutput, SbmlEventRecord, PreparedSbml } from './formats/sbml/simulateSbml.ts';
export type { SbmlDocument } from './formats/sbml/document.ts';
export type { ImportedFiles, ImportFileOptions } from './formats/sbml/toYaml.ts';
export type { Measure as SbmlMeasure } from './formats/sbml/outputs.ts';
export { outputFor as sbmlOutput, defaultOutputs as sbmlDefaultOutputs } from './formats/sbml/outputs.ts';
export { importedFiles as sbmlImportedFiles } from './formats/sbml/toYaml.ts';
export type { SbmlSystem, SbmlVariable, SystemEvent as SbmlEvent, EventAssignment as SbmlEventAssignment, DelaySlot as SbmlDelaySlot, VariableKind as SbmlVariableKind } from './formats/sbml/system.ts';
// SBML export (src/formats/sbml/export*.ts): a model, or a scenario on it, as SBML Level 3 Version 2 text.
export { modelToSbml } from './formats/sbml/exportModel.ts';
export type { SbmlExport, ScenarioForSbml, EventForSbml } from './formats/sbml/exportModel.ts';
export type { ExportNotes as SbmlExportNotes } from './formats/sbml/exportModelNotes.ts';
export { scenarioToSbml, scenarioForSbml } from './formats/sbml/exportScenario.ts';
