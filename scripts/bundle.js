// Replaces dist/shared/oclif.js (tsc's one-line re-export of @oclif/core) with an esbuild bundle of the
// package: `khaos --version` then loads one file instead of ~190 modules (bench/startup.ts measures it).
// Only @oclif/core is bundled: khaos's own modules stay as tsc wrote them, so the heavy libraries they
// import lazily (wink-nlp, graphviz, vega, inquirer, ora) still load only when a command needs them.
import {build} from 'esbuild'

await build({
  entryPoints: [new URL('../src/shared/oclif.ts', import.meta.url).pathname],
  outfile: new URL('../dist/shared/oclif.js', import.meta.url).pathname,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // oclif reaches for these only to run TypeScript sources in development; khaos's dev entry uses tsx itself.
  external: ['typescript', 'ts-node', 'tsx'],
  // oclif's CommonJS parts call require() for Node built-ins; an ES module has no require of its own.
  banner: {js: "import {createRequire as __khaosRequire} from 'node:module'; const require = __khaosRequire(import.meta.url);"},
  keepNames: true,
  minifySyntax: true,
  minifyWhitespace: true,
  legalComments: 'none',
  sourcemap: false,
  logLevel: 'warning',
})
