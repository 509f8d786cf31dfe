import {spawnSync} from 'node:child_process'

import type {FragmentInput, MapFinding} from '../../src/map/fragment.js'

/** Strings that have broken DOT, YAML or Markdown writers before. */
export const HOSTILE = [
  'quote " and \\" escaped quote',
  'back\\slash \\N \\G \\l \\n at the end\\',
  'new\nline and\r\nCRLF and \r CR',
  'brace } then { and ]; a -> b; }',
  '<script>alert(1)</script> <b>bold</b> <<html>>',
  '&amp; &lt; &#60; entity-looking',
  'emoji 😀🚀 and RTL \u202Etxt and zero\u200Bwidth',
  'control \u0000 \u0007 \u001B[31m red \u007F',
  'lone surrogate \uD800 here',
  '// khaos:session evil end',
  '"; } digraph x { y; } //',
  'x'.repeat(10 * 1024),
]

export function hostileInput(session = 'hostile-1'): FragmentInput {
  const findings: MapFinding[] = HOSTILE.map((text, i) => ({
    a: {line: i + 1, participant: HOSTILE[(i + 1) % HOSTILE.length], source: `${text}.md`, text},
    b: {line: i + 2, participant: HOSTILE[(i + 2) % HOSTILE.length], source: 'b.md', text: `not ${text}`},
    id: `c${i}-${text.slice(0, 20)}`,
    kind: HOSTILE[i % 4],
    score: 0.5,
    subject: text,
    tension: {id: HOSTILE[i % 3], name: text, resolution: text},
  }))
  return {
    findings,
    participants: HOSTILE,
    record: {id: HOSTILE[3], path: HOSTILE[4], status: HOSTILE[2], title: HOSTILE[0]},
    session,
    topic: HOSTILE.join(' | '),
  }
}

/** Runs the system `dot` on text; returns its exit status, stdout and stderr. */
export function systemDot(dot: string, format = 'svg'): {status: number | null; stderr: string; stdout: string} {
  const result = spawnSync('dot', [`-T${format}`], {encoding: 'utf8', input: dot, maxBuffer: 512 * 1024 * 1024})
  if (result.error) throw result.error
  return {status: result.status, stderr: result.stderr, stdout: result.stdout}
}

export function hasSystemDot(): boolean {
  return !spawnSync('dot', ['-V']).error
}
