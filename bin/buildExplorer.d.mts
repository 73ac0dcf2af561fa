// Types of bin/buildExplorer.mjs, for the tests that build the explorer.
export const EXPLORER_DIR: string;
export interface BuiltFile { path: string; bytes: number; gzipBytes: number }
export interface BuiltExplorer { outDir: string; files: BuiltFile[]; jsBytes: number; jsGzipBytes: number }
export function buildExplorer(outDir?: string, options?: { minify?: boolean }): Promise<BuiltExplorer>;
export function readCatalog(root?: string): import('../src/explorer/catalog.ts').Catalog;
