// The one door to @oclif/core. The build replaces this module's output with a single esbuild bundle of the
// package (scripts/bundle.js), so start-up reads one file instead of ~190 modules; under tsx (bin/dev.js,
// tests of the core) it is the package as installed. Import oclif from here, never from '@oclif/core'.
export {Args, Command, Errors, execute, Flags} from '@oclif/core'
export type {Hook, Interfaces} from '@oclif/core'
