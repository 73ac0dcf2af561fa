// The catalog module that bin/buildExplorer.mjs makes from models/ and scenarios/ at build time.
declare module 'bonesim:catalog' {
  const catalog: import('./catalog.ts').Catalog;
  export default catalog;
}
