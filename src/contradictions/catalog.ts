import {join, relative} from 'node:path'

import {type CatalogKind, readCatalogEntries} from '../shared/catalog.js'
import {checkCatalog} from '../shared/catalog-check.js'
import {InputError} from '../shared/errors.js'
import type {SignalIndex} from './features.js'
import {SIGNAL_GAP, signalWords} from './signal-syntax.js'

/** One product tension of the catalog: two poles, the words that signal each, and how to resolve it. */
export interface Tension {
  id: string
  name: string
  /** True for the five tensions of the old shell catalog, kept with their meaning. */
  legacy?: boolean
  poles: [Pole, Pole]
  hook: string
  resolution: string
  pricing: string
  proof: {promql: string; target: string; description: string}
}

export interface Pole {
  name: string
  signals: string[]
}

export interface Catalog {
  /** Sorted by id. */
  tensions: Tension[]
  /** Where the catalog was read from, relative to the package root. */
  source: string
}

const text = (maxLength: number) => ({maxLength, minLength: 1, pattern: '\\S', type: 'string'})

/** JSON Schema of one tension file. Ids become Discord command names, hence lowercase and at most 32 characters. */
export const TENSION_SCHEMA = {
  $id: 'https://khaos.dev/schemas/tension.json',
  additionalProperties: false,
  properties: {
    hook: text(300),
    id: {maxLength: 32, minLength: 3, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', type: 'string'},
    legacy: {type: 'boolean'},
    name: text(80),
    poles: {
      items: {
        additionalProperties: false,
        properties: {
          name: text(60),
          signals: {
            items: {maxLength: 60, minLength: 2, pattern: '^[^\\s].*[^\\s]$', type: 'string'},
            maxItems: 40,
            minItems: 3,
            type: 'array',
            uniqueItems: true,
          },
        },
        required: ['name', 'signals'],
        type: 'object',
      },
      maxItems: 2,
      minItems: 2,
      type: 'array',
    },
    pricing: text(300),
    proof: {
      additionalProperties: false,
      properties: {description: text(300), promql: text(500), target: text(200)},
      required: ['promql', 'target', 'description'],
      type: 'object',
    },
    resolution: text(600),
  },
  required: ['id', 'name', 'poles', 'hook', 'resolution', 'pricing', 'proof'],
  type: 'object',
} as const

/** What the schema cannot say: a signal on both poles, a gap (…) at the edge of a signal. */
function signalProblem(value: Record<string, unknown>): [Array<number | string>, string] | undefined {
  const tension = value as unknown as Tension
  const seen = new Map<string, number>()
  for (const [p, pole] of tension.poles.entries()) {
    for (const [k, signal] of pole.signals.entries()) {
      const key = signal.toLowerCase()
      if (seen.has(key) && seen.get(key) !== p) return [['poles', p, 'signals', k], `"${signal}" signals both poles`]
      seen.set(key, p)
      const words = signalWords(signal)
      if (words[0] === SIGNAL_GAP || words.at(-1) === SIGNAL_GAP || words.some((w, n) => w === SIGNAL_GAP && words[n + 1] === SIGNAL_GAP)) {
        return [['poles', p, 'signals', k], `"${signal}": a gap (…) must stand between two words`]
      }
    }
  }

  return undefined
}

/** Reads every `catalog/tensions/*.yaml` (one tension per file: adding one is adding a file). */
export function loadCatalog(root: string, dir = join(root, 'catalog', 'tensions')): Catalog {
  const kind: CatalogKind<Tension> = {
    build: (value) => value as unknown as Tension,
    check: signalProblem,
    dir,
    id: {field: 'id', fromName: (match) => match[1]},
    layout: {example: 'speed-vs-security.yaml', files: /^(.+)\.ya?ml$/},
    maxBytes: 256 * 1024,
    order: (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    root,
    schema: TENSION_SCHEMA,
    unique: ['name'],
    what: 'tension',
  }
  return {source: relative(root, dir) || dir, tensions: checkCatalog(kind, readCatalogEntries(kind))}
}

export function findTension(catalog: Catalog, id: string): Tension {
  const tension = catalog.tensions.find((t) => t.id === id)
  if (!tension) {
    const close = catalog.tensions.filter((t) => t.id.includes(id.toLowerCase()) || t.name.toLowerCase().includes(id.toLowerCase())).map((t) => t.id)
    throw new InputError(`no tension "${id}" in the catalog`, {
      hint: close.length > 0 ? `did you mean: ${close.join(', ')}` : 'run `khaos contradictions list` to see the ids',
    })
  }

  return tension
}

/** Pole signals of every tension, indexed by first word, for `featurize`. Keys are "tensionId:poleIndex". */
export function signalIndex(catalog: Catalog): SignalIndex {
  const index: SignalIndex = new Map()
  for (const tension of catalog.tensions) {
    for (const [p, pole] of tension.poles.entries()) {
      for (const signal of pole.signals) {
        // "…" (or "...") between two words lets up to three words stand between them: "control … data".
        const words = signalWords(signal)
        const list = index.get(words[0]) ?? []
        list.push({key: `${tension.id}:${p}`, words})
        index.set(words[0], list)
      }
    }
  }

  return index
}

export interface TensionMatch {
  id: string
  name: string
  score: number
}

/**
 * Which catalog tensions a topic string is about: the name or id itself scores 1; otherwise the share of the
 * topic's words found in the tension's name, poles and signals. Sorted best first; only matches above 0.
 */
export function matchTensions(topic: string, catalog: Catalog): TensionMatch[] {
  const norm = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9\s-]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  const query = norm(topic)
  const stop = new Set(['vs', 'versus', 'and', 'or', 'the', 'a', 'an', 'of', 'for', 'to', 'in', 'on', 'we', 'our', 'is', 'are'])
  const words = query.split(' ').filter((w) => w.length > 1 && !stop.has(w))
  const matches: TensionMatch[] = []
  for (const tension of catalog.tensions) {
    let score = 0
    if (query === norm(tension.name) || query === tension.id || query.replace(/ /g, '-') === tension.id) {
      score = 1
    } else if (words.length > 0) {
      const vocabulary = new Set(norm([tension.name, ...tension.poles.flatMap((p) => [p.name, ...p.signals])].join(' ')).split(' '))
      const hits = words.filter((w) => vocabulary.has(w) || vocabulary.has(w.replace(/s$/, ''))).length
      score = Math.round(((0.9 * hits) / words.length) * 1000) / 1000
    }

    if (score > 0) matches.push({id: tension.id, name: tension.name, score})
  }

  return matches.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
}
