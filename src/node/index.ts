// bonesim in Node: the portable core (src/index.ts) plus what needs the file system or native code:
// reading model and scenario files, PNG rendering, atomic output files, and the versions of what ran.
export * from '../index.ts';
export { loadModel, resolveModelFile, BUILTIN_MODELS_DIR } from './modelFiles.ts';
export { loadScenario, modelFromDisk } from './scenarioFiles.ts';
export { readYamlFile } from './readYamlFile.ts';
export { svgToPng } from './png.ts';
export { writeFilesAtomically } from './atomicWrite.ts';
export type { OutputFile } from './atomicWrite.ts';
export { versions } from './versions.ts';
// Ensembles on worker threads, into resumable output folders; shares and their merge (issue 12).
export { readEnsembleInputs, designHash } from './ensemble/inputs.ts';
export { runChunks, defaultThreads, sobolOnThreads } from './ensemble/pool.ts';
export type { EnsemblePoolOptions, ChunkHandlers, ChunkTask, ChunkDone, WorkerReady } from './ensemble/pool.ts';
export type { ChunkFiles, PartIdentity } from './ensemble/parquetParts.ts';
export { runEnsembleFolder } from './ensemble/runFolder.ts';
export type { EnsembleRunOptions, EnsembleRunOutcome } from './ensemble/runFolder.ts';
export { mergeFolders } from './ensemble/mergeFolders.ts';
export { verifyFolder } from './ensemble/verifyFolder.ts';
export type { Verification } from './ensemble/verifyFolder.ts';
export { readManifest } from './ensemble/manifest.ts';
export type { Manifest, ManifestPart } from './ensemble/manifest.ts';
