import {relative, sep} from 'node:path'

/** A path as a person wants to see it: relative to the working directory when inside it. */
export function shownPath(path: string, cwd = process.cwd()): string {
  const rel = relative(cwd, path)
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep) ? rel : path
}
