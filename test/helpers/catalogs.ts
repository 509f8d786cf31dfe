import {readdirSync} from 'node:fs'
import {join} from 'node:path'

import {ROOT} from './cli.js'

/**
 * How many entries each catalog holds, counted from the files on disk, so that no test hard-codes today's
 * numbers: adding a tension, a drill or a trial is adding files, and the tests follow.
 */
export const CATALOG_FILES = {
  drills: readdirSync(join(ROOT, 'drills'))
    .filter((name) => /^\d{2}-.+\.yaml$/.test(name))
    .sort(),
  tensions: readdirSync(join(ROOT, 'catalog', 'tensions'))
    .filter((name) => name.endsWith('.yaml'))
    .sort(),
  trials: readdirSync(join(ROOT, 'trials'))
    .filter((name) => /^F\d{2}-/.test(name))
    .sort(),
}
