// The programmatic API: every capability's core, callable without oclif.
export * from './shared/errors.js'
export * from './shared/names.js'
export * from './shared/time.js'
export * from './shared/atomic.js'
export * from './shared/input.js'
