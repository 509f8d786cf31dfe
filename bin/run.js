#!/usr/bin/env node
// Production entry: loads the compiled commands through the oclif manifest.
import {execute} from '@oclif/core'

await execute({dir: import.meta.url})
