/**
 * How far two careful readers agree on the tensions at stake: the second, independent labelling of 48 meetings
 * (test/fixtures/prose/second-tension-labels/<half>__<slug>.yaml, written by helpers who saw neither the first labels
 * nor khaos' tensions) against each meeting's tensions.yaml. The ceiling any tension rule can be held to.
 *
 *   node --import tsx bench/tension-labels.ts
 */
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {parse} from 'yaml'

import {type Half, loadMeeting, PROSE_ROOT, readTensionLabels} from './prose-set.js'

const dir = join(PROSE_ROOT, 'second-tension-labels')
let [meetings, sameTopics, topicFirst, topicSecond, topicBoth, labels, same, first, second, both] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
for (const file of readdirSync(dir)
  .filter((name) => name.endsWith('.yaml'))
  .sort()) {
  const [half, slug] = file.slice(0, -'.yaml'.length).split('__') as [Half, string]
  const firstLabels = loadMeeting(half, slug).tensions
  if (!firstLabels) throw new Error(`${half}/${slug} has no tensions.yaml`)
  const secondLabels = readTensionLabels(parse(readFileSync(join(dir, file), 'utf8')))
  meetings++
  const [a, b] = [new Set(firstLabels.topic), new Set(secondLabels.topic)]
  topicFirst += a.size
  topicSecond += b.size
  topicBoth += [...a].filter((id) => b.has(id)).length
  if (a.size === b.size && [...a].every((id) => b.has(id))) sameTopics++
  for (const [id, x] of firstLabels.contradictions) {
    const y = secondLabels.contradictions.get(id)
    labels++
    if (x === y) same++
    if (x) first++
    if (y) second++
    if (x && x === y) both++
  }
}

const share = (n: number, d: number) => `${(n / Math.max(1, d)).toFixed(2)} (${n}/${d})`
console.log(`${meetings} meetings labelled twice, apart:`)
console.log(`  topic tensions: first ${topicFirst}, second ${topicSecond}, both ${topicBoth}; the same set in ${share(sameTopics, meetings)} meetings`)
console.log(`  contradictions: ${labels}; the same label (none included) ${share(same, labels)}`)
console.log(`  of the first's ${first} tensions the second gives the same ${share(both, first)}; of the second's ${second}, the first ${share(both, second)}`)
