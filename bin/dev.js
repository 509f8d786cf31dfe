#!/usr/bin/env -S node --import tsx
// Development entry: runs the TypeScript sources directly (npm run dev -- <command>).
import {execute} from '@oclif/core'
import {resolve} from 'node:path'

// KHAOS_HOME holds all of khaos's state; oclif's own cache (the shell-completion scripts) goes there too.
if (process.env.KHAOS_HOME && !process.env.KHAOS_CACHE_DIR) process.env.KHAOS_CACHE_DIR = resolve(process.env.KHAOS_HOME, 'cache')

await execute({development: true, dir: import.meta.url})
