import {existsSync, readFileSync} from 'node:fs'
import {join, resolve} from 'node:path'

import {ROOT} from '../helpers/cli.js'

export const FIXTURES = join(ROOT, 'test', 'fixtures', 'contradictions')

/** The SNLI subset: ../shared beside the project (a clone, CI), or one level up from a git worktree under wt/. */
export const SNLI_FILE = [resolve(ROOT, '..', 'shared'), resolve(ROOT, '..', '..', 'shared')]
  .map((dir) => join(dir, 'corpora', 'snli', 'snli_1.0_dev_subset.jsonl'))
  .find((path) => existsSync(path))

export interface Labelled {
  id: string
  a: string
  b: string
  category: string
  contradiction: boolean
}

export function readLabelled(file: string): Labelled[] {
  return readFileSync(join(FIXTURES, file), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Labelled)
}

export function precisionRecall(gold: boolean[], predicted: boolean[]): {precision: number; recall: number} {
  let tp = 0
  let fp = 0
  let fn = 0
  for (const [i, g] of gold.entries()) {
    if (predicted[i] && g) tp++
    else if (predicted[i]) fp++
    else if (g) fn++
  }

  return {precision: tp / Math.max(1, tp + fp), recall: tp / Math.max(1, tp + fn)}
}
