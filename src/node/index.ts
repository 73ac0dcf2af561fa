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
