import {relative, sep} from 'node:path'

import {InputError} from '../shared/errors.js'

/** A path as a person wants to see it: relative to the working directory when inside it. */
export function shownPath(path: string, cwd = process.cwd()): string {
  const rel = relative(cwd, path)
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep) ? rel : path
}

/** A record id as typed on the command line ("7"): a positive integer, else one clear input error. */
export function parseRecordId(text: string): number {
  if (!/^[1-9]\d{0,14}$/.test(text)) throw new InputError(`invalid record id ${JSON.stringify(text)}: expected a positive integer (see khaos dao list)`)
  return Number(text)
}
