#!/usr/bin/env node
// Production entry: loads the compiled commands through the oclif manifest.
import {execute} from '@oclif/core'
import {resolve} from 'node:path'

// KHAOS_HOME holds all of khaos's state; oclif's own cache (the shell-completion scripts) goes there too.
if (process.env.KHAOS_HOME && !process.env.KHAOS_CACHE_DIR) process.env.KHAOS_CACHE_DIR = resolve(process.env.KHAOS_HOME, 'cache')

await execute({dir: import.meta.url})
