/**
 * Prose evaluation bench: the contradiction engine on realistic meetings (test/fixtures/prose/, see its README).
 *
 *   node --import tsx bench/prose.ts [--half tune|holdout|both] [--json] [--only slug,…] [--except slug,…] [--with-unscored]
 *
 * `--only` scores just the named meetings (a subset's figures from one command: "the twelve never scored before");
 * `--except` leaves the named ones out. Hold-out meetings listed in test/fixtures/prose/holdout-unscored.txt are kept
 * for the next frozen run and left out unless `--with-unscored` is given (that run passes it, then empties the list).
 *
 * (a) synthesize: runs the real CLI (`khaos synthesize --no-sign`, from the TypeScript sources, into a temp dir
 *     with a temp KHAOS_HOME) on each meeting and scores the findings of analysis.json against gold.yaml. Every
 *     finding in the main list counts; one marked as low-confidence / appendix does not. A finding matches a gold
 *     contradiction when its two claims' (file, line) equal a gold pair's, in either order, or pair a restatement
 *     of one side with a restatement of the other (contradictionKeys); the same pair reported twice counts once.
 *     The figures on the listed pairs only (the scoring before restatements were paired) are printed too.
 * (b) pairs: the sentences of every gold contradiction and trap, judged by `khaos contradictions pairs`.
 *
 * Texts (worst false positives, misses) are printed for the tune half only. The hold-out half prints figures
 * and nothing else, in the table and in --json, so that nobody tunes on it.
 */
import {spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

import {
  claimSentence,
  type EngineClaim,
  type EngineFinding,
  readAnalysis,
  scoreSynthesize,
  type SynthesizeRun,
  type SynthesizeScore,
  TENSION_COUNTS,
} from './prose-score.js'
import {
  type GoldEntry,
  type Half,
  HALVES,
  lineText,
  loadMeeting,
  type Meeting,
  meetingSlugs,
  selectMeetings,
  UNSCORED_FILE,
  unscoredSlugs,
} from './prose-set.js'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const TIMESTAMP = '2026-01-01T00:00:00Z'
const SHOW = Number(process.env.BENCH_SHOW ?? 12)

interface PairsScore {
  contradictions: number
  traps: number
  truePositives: number
  falsePositives: number
  error?: string
}

interface MeetingResult {
  slug: string
  synthesize: SynthesizeScore
  pairs: PairsScore
  /** The same findings scored against the listed pairs only (scoring before restatements counted). */
  strict: SynthesizeScore
  falsePositives: Array<{finding: EngineFinding; trap?: string; agreement?: string}>
  misses: GoldEntry[]
  pairsFlaggedTraps: Array<{entry: GoldEntry; a: string; b: string; kind: string | null}>
  pairsMissed: Array<{entry: GoldEntry; a: string; b: string}>
}

const ratio = (num: number, den: number) => (den === 0 ? null : num / den)
const fmt = (value: number | null) => (value === null ? '  -  ' : value.toFixed(3))
// Terminal escapes and control characters out of anything printed from files or engine output.
const safe = (text: string) => text.replaceAll(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, '')

function run(args: string[], env: NodeJS.ProcessEnv): {status: number | null; stdout: string; stderr: string} {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bin', 'dev.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {...process.env, ...env, NO_COLOR: '1'},
    maxBuffer: 256 * 1024 * 1024,
  })
  return {status: result.status, stderr: result.stderr ?? '', stdout: result.stdout ?? ''}
}

function findFile(dir: string, name: string): string | undefined {
  for (const entry of readdirSync(dir, {withFileTypes: true})) {
    const path = join(dir, entry.name)
    if (entry.isFile() && entry.name === name) return path
    if (entry.isDirectory()) {
      const found = findFile(path, name)
      if (found) return found
    }
  }

  return undefined
}

function runSynthesize(meeting: Meeting, work: string): SynthesizeRun {
  const outDir = join(work, 'out', meeting.half, meeting.slug)
  // synthesize creates only the last folder of --out, as it does for a user.
  mkdirSync(dirname(outDir), {recursive: true})
  const inputs = meeting.info.participants.flatMap((participant) => ['--input', join(meeting.dir, `${participant}.md`)])
  const result = run(
    [
      'synthesize',
      '--no-sign',
      '--topic',
      meeting.info.topic,
      ...inputs,
      '--participants',
      meeting.info.participants.join(','),
      '--out',
      outDir,
      '--session',
      meeting.slug,
      '--timestamp',
      TIMESTAMP,
      '--json',
    ],
    {KHAOS_HOME: join(work, 'home')},
  )
  if (result.status !== 0)
    return {
      agreements: new Set(),
      appendix: 0,
      error: `synthesize exited ${result.status}: ${(result.stderr.trim() || result.stdout.trim()).split('\n').pop() ?? ''}`,
      findings: [],
    }
  const analysisPath = existsSync(outDir) ? findFile(outDir, 'analysis.json') : undefined
  if (!analysisPath) return {agreements: new Set(), appendix: 0, error: 'no analysis.json in the synthesize output', findings: []}
  // The summary's catalog tensions for the topic, as synthesize reports them.
  let topicTensions: string[] = []
  try {
    const reported = (JSON.parse(result.stdout) as {tensionsAtStake?: Array<{id?: unknown}>}).tensionsAtStake ?? []
    topicTensions = reported.map((t) => String(t.id))
  } catch {
    return {agreements: new Set(), appendix: 0, error: 'synthesize --json printed no JSON', findings: []}
  }
  return {...readAnalysis(JSON.parse(readFileSync(analysisPath, 'utf8'))), topicTensions}
}

function scoreHalf(half: Half, work: string, selection: {except?: string[]; only?: string[]}) {
  const meetings = selectMeetings(half, meetingSlugs(half), selection).map((slug) => loadMeeting(half, slug))
  const results: MeetingResult[] = []
  const pairsRows: Array<{id: string; a: string; b: string; gold: boolean; entry: GoldEntry; meeting: string}> = []
  for (const meeting of meetings) {
    for (const [entries, gold] of [
      [meeting.contradictions, true],
      [meeting.traps, false],
    ] as const) {
      for (const entry of entries) {
        pairsRows.push({
          a: claimSentence(lineText(meeting, entry.a) ?? entry.a.quote, entry.a.quote),
          b: claimSentence(lineText(meeting, entry.b) ?? entry.b.quote, entry.b.quote),
          entry,
          gold,
          id: `${meeting.slug}/${entry.id}`,
          meeting: meeting.slug,
        })
      }
    }
  }

  // One `pairs` run per half.
  const pairsFile = join(work, `${half}-pairs.jsonl`)
  writeFileSync(pairsFile, pairsRows.map(({a, b, id}) => JSON.stringify({a, b, id})).join('\n') + '\n')
  const pairsRun = run(['contradictions', 'pairs', pairsFile, '--json'], {KHAOS_HOME: join(work, 'home')})
  let verdicts = new Map<string, {contradiction: boolean; kind: string | null}>()
  let pairsError: string | undefined
  if (pairsRun.status === 0) {
    const parsed = JSON.parse(pairsRun.stdout) as {results: Array<{id: string; contradiction: boolean; kind: string | null}>}
    verdicts = new Map(parsed.results.map((r) => [String(r.id), r]))
  } else {
    pairsError = `pairs exited ${pairsRun.status}: ${pairsRun.stderr.trim().split('\n').pop() ?? ''}`
  }

  for (const meeting of meetings) {
    const runResult = runSynthesize(meeting, work)
    const scored = scoreSynthesize(meeting, runResult)
    const rows = pairsRows.filter((row) => row.meeting === meeting.slug)
    const flagged = (row: (typeof rows)[number]) => verdicts.get(row.id)?.contradiction === true
    results.push({
      falsePositives: scored.falsePositives,
      misses: scored.misses,
      pairs: {
        contradictions: rows.filter((row) => row.gold).length,
        error: pairsError,
        falsePositives: rows.filter((row) => !row.gold && flagged(row)).length,
        traps: rows.filter((row) => !row.gold).length,
        truePositives: rows.filter((row) => row.gold && flagged(row)).length,
      },
      pairsFlaggedTraps: rows
        .filter((row) => !row.gold && flagged(row))
        .map((row) => ({a: row.a, b: row.b, entry: row.entry, kind: verdicts.get(row.id)?.kind ?? null})),
      pairsMissed: rows.filter((row) => row.gold && !flagged(row)).map((row) => ({a: row.a, b: row.b, entry: row.entry})),
      slug: meeting.slug,
      strict: scoreSynthesize(meeting, runResult, {strict: true}).synthesize,
      synthesize: scored.synthesize,
    })
  }

  return results
}

function totals(results: MeetingResult[]) {
  const sum = (pick: (r: MeetingResult) => number) => results.reduce((acc, r) => acc + pick(r), 0)
  const tensions = Object.fromEntries(TENSION_COUNTS.map((k) => [k, sum((r) => r.synthesize.tensions[k])])) as SynthesizeScore['tensions']
  const s = {
    agreementsMatched: sum((r) => r.synthesize.agreementsMatched),
    agreementsOnContradictions: sum((r) => r.synthesize.agreementsOnContradictions),
    agreementsReported: sum((r) => r.synthesize.agreementsReported),
    appendix: sum((r) => r.synthesize.appendix),
    goldAgreements: sum((r) => r.synthesize.goldAgreements),
    goldInternal: sum((r) => r.synthesize.goldInternal),
    headingsNamingSubject: sum((r) => r.synthesize.headingsNamingSubject),
    headingsOfMatches: sum((r) => r.synthesize.headingsOfMatches),
    matchedGoldInternal: sum((r) => r.synthesize.matchedGoldInternal),
    gold: sum((r) => r.synthesize.gold),
    goldExplicit: sum((r) => r.synthesize.goldExplicit),
    matchedFindings: sum((r) => r.synthesize.matchedFindings),
    matchedGold: sum((r) => r.synthesize.matchedGold),
    matchedGoldExplicit: sum((r) => r.synthesize.matchedGoldExplicit),
    reported: sum((r) => r.synthesize.reported),
    tensions,
    traps: sum((r) => r.synthesize.traps),
    trapsReported: sum((r) => r.synthesize.trapsReported),
  }
  const p = {
    contradictions: sum((r) => r.pairs.contradictions),
    falsePositives: sum((r) => r.pairs.falsePositives),
    traps: sum((r) => r.pairs.traps),
    truePositives: sum((r) => r.pairs.truePositives),
  }
  const strict = {
    matchedFindings: sum((r) => r.strict.matchedFindings),
    matchedGold: sum((r) => r.strict.matchedGold),
  }
  return {
    pairs: {...p, precision: ratio(p.truePositives, p.truePositives + p.falsePositives), recall: ratio(p.truePositives, p.contradictions)},
    strict: {...strict, precision: ratio(strict.matchedFindings, s.reported), recall: ratio(strict.matchedGold, s.gold)},
    synthesize: {
      ...s,
      precision: ratio(s.matchedFindings, s.reported),
      recall: ratio(s.matchedGold, s.gold),
      recallExplicit: ratio(s.matchedGoldExplicit, s.goldExplicit),
      recallInternal: ratio(s.matchedGoldInternal, s.goldInternal),
    },
  }
}

function printHalf(half: Half, results: MeetingResult[]) {
  const header = `${'meeting'.padEnd(32)} gold rep  hit  P_syn  R_syn  R_expl traps  | pairs P  pairs R  traps flagged`
  console.log(`\n== ${half} half (${results.length} meetings) ==`)
  console.log(header)
  const row = (name: string, s: SynthesizeScore, p: PairsScore) =>
    console.log(
      `${name.padEnd(32)} ${String(s.gold).padStart(4)} ${String(s.reported).padStart(3)} ${String(s.matchedFindings).padStart(4)}  ` +
        `${fmt(ratio(s.matchedFindings, s.reported))}  ${fmt(ratio(s.matchedGold, s.gold))}  ${fmt(ratio(s.matchedGoldExplicit, s.goldExplicit))}  ` +
        `${`${s.trapsReported}/${s.traps}`.padStart(5)} | ${fmt(ratio(p.truePositives, p.truePositives + p.falsePositives))}    ` +
        `${fmt(ratio(p.truePositives, p.contradictions))}    ${p.falsePositives}/${p.traps}`,
    )
  for (const r of results) {
    row(r.slug, r.synthesize, r.pairs)
    if (r.synthesize.error) console.log(`  ! ${safe(r.synthesize.error)}`)
  }

  const t = totals(results)
  row('TOTAL', t.synthesize, t.pairs)
  if (results[0]?.pairs.error) console.log(`  ! ${safe(results[0].pairs.error)}`)
  if (t.synthesize.appendix > 0) console.log(`(${t.synthesize.appendix} finding(s) in the low-confidence appendix, not counted)`)
  console.log(
    `synthesize: precision ${fmt(t.synthesize.precision)} (${t.synthesize.matchedFindings}/${t.synthesize.reported}), recall ${fmt(t.synthesize.recall)} ` +
      `(${t.synthesize.matchedGold}/${t.synthesize.gold}), recall without needs_inference ${fmt(t.synthesize.recallExplicit)} ` +
      `(${t.synthesize.matchedGoldExplicit}/${t.synthesize.goldExplicit}); gold traps reported ${t.synthesize.trapsReported}/${t.synthesize.traps}`,
  )
  console.log(
    `            listed pairs only (no restatement pairing): precision ${fmt(t.strict.precision)} (${t.strict.matchedFindings}/${t.synthesize.reported}), ` +
      `recall ${fmt(t.strict.recall)} (${t.strict.matchedGold}/${t.synthesize.gold})`,
  )
  console.log(
    `            internal contradictions found ${t.synthesize.matchedGoldInternal}/${t.synthesize.goldInternal}; ` +
      `agreements listed ${t.synthesize.agreementsReported}, gold agreements among them ${t.synthesize.agreementsMatched}/${t.synthesize.goldAgreements}, ` +
      `on a gold contradiction ${t.synthesize.agreementsOnContradictions}`,
  )
  console.log(
    `headings:   of the ${t.synthesize.headingsOfMatches} right findings, ${t.synthesize.headingsNamingSubject} under a decision point heading that shares a word ` +
      `with the gold subject (${fmt(ratio(t.synthesize.headingsNamingSubject, t.synthesize.headingsOfMatches))})`,
  )
  const tn = t.synthesize.tensions
  if (tn.labelled > 0)
    console.log(
      `tensions:   (${tn.labelled} meetings labelled) topic: shown ${tn.topicShown}, right ${tn.topicRight} (precision ${fmt(ratio(tn.topicRight, tn.topicShown))}), ` +
        `labelled ${tn.topicLabels}, shown ${tn.topicFound} (recall ${fmt(ratio(tn.topicFound, tn.topicLabels))}); on findings: ${tn.onFindings}, ` +
        `right ${tn.onFindingsRight} (precision ${fmt(ratio(tn.onFindingsRight, tn.onFindings))}), one the meeting's labels name ${tn.onFindingsInMeeting}`,
    )
  console.log(
    `pairs:      precision ${fmt(t.pairs.precision)} (${t.pairs.truePositives}/${t.pairs.truePositives + t.pairs.falsePositives}), ` +
      `recall ${fmt(t.pairs.recall)} (${t.pairs.truePositives}/${t.pairs.contradictions}); traps flagged ${t.pairs.falsePositives}/${t.pairs.traps}`,
  )
  if (half !== 'tune') return

  const claim = (c: EngineClaim) => `${c.file}:${c.line} ${safe(c.text)}`
  const fps = results.flatMap((r) => r.falsePositives.map((fp) => ({...fp, slug: r.slug}))).sort((x, y) => y.finding.score - x.finding.score)
  console.log(`\n-- tune: worst synthesize false positives (${Math.min(SHOW, fps.length)} of ${fps.length}, highest score first) --`)
  for (const {agreement, finding, slug, trap} of fps.slice(0, SHOW)) {
    const gold = [trap && `gold trap ${trap}`, agreement && `gold agreement ${agreement}`].filter(Boolean).join(', ') || 'not in gold'
    console.log(`[${slug}] ${finding.kind} ${finding.score.toFixed(2)} (${gold}) ${safe(finding.evidence).slice(0, 160)}`)
    console.log(`   a: ${claim(finding.a)}\n   b: ${claim(finding.b)}`)
  }

  const misses = results.flatMap((r) => r.misses.map((entry) => ({entry, slug: r.slug})))
  console.log(`\n-- tune: synthesize misses (${Math.min(SHOW, misses.length)} of ${misses.length}) --`)
  for (const {entry, slug} of misses.slice(0, SHOW)) {
    console.log(`[${slug}] ${entry.id} ${entry.kind}${entry.needs_inference ? ' needs-inference' : ''}: ${safe(entry.subject)}`)
    console.log(`   a: ${entry.a.file}:${entry.a.line} ${safe(entry.a.quote)}\n   b: ${entry.b.file}:${entry.b.line} ${safe(entry.b.quote)}`)
  }

  const flaggedTraps = results.flatMap((r) => r.pairsFlaggedTraps.map((x) => ({...x, slug: r.slug})))
  console.log(`\n-- tune: pairs, traps judged contradictory (${Math.min(SHOW, flaggedTraps.length)} of ${flaggedTraps.length}) --`)
  for (const {a, b, entry, kind, slug} of flaggedTraps.slice(0, SHOW)) {
    console.log(`[${slug}] ${entry.id} ${kind} (${safe(entry.trap ?? '')})\n   a: ${safe(a)}\n   b: ${safe(b)}`)
  }

  const pairsMissed = results.flatMap((r) => r.pairsMissed.map((x) => ({...x, slug: r.slug})))
  console.log(`\n-- tune: pairs, contradictions missed (${Math.min(SHOW, pairsMissed.length)} of ${pairsMissed.length}) --`)
  for (const {a, b, entry, slug} of pairsMissed.slice(0, SHOW)) {
    console.log(`[${slug}] ${entry.id}${entry.needs_inference ? ' needs-inference' : ''}: ${safe(entry.subject)}\n   a: ${safe(a)}\n   b: ${safe(b)}`)
  }
}

function main() {
  const args = process.argv.slice(2)
  const json = args.includes('--json')
  const at = args.indexOf('--half')
  const wanted = at >= 0 ? args[at + 1] : 'both'
  if (wanted !== 'both' && !HALVES.includes(wanted as Half)) {
    console.error(`--half must be tune, holdout or both (got ${JSON.stringify(wanted)})`)
    process.exit(2)
  }

  const halves = wanted === 'both' ? [...HALVES] : [wanted as Half]
  const list = (flag: string) => {
    const i = args.indexOf(flag)
    if (i < 0) return undefined
    const slugs = (args[i + 1] ?? '').split(',').filter(Boolean)
    // (A flag with nothing after it would score no meeting, or all of them, and say nothing.)
    if (slugs.length === 0 || args[i + 1].startsWith('--')) {
      console.error(`${flag} needs meeting slugs, comma-separated: ${flag} slug-a,slug-b`)
      process.exit(2)
    }
    return slugs
  }
  const selection = {except: list('--except'), only: list('--only')}
  if (halves.length > 1 && (selection.only || selection.except)) {
    console.error('--only and --except name the meetings of one half: give --half tune or --half holdout')
    process.exit(2)
  }

  // Hold-out meetings kept for the next frozen run are scored only when asked.
  const unscored = args.includes('--with-unscored') ? [] : unscoredSlugs()
  if (halves.includes('holdout') && unscored.length > 0) {
    const named = (selection.only ?? []).filter((slug) => unscored.includes(slug))
    if (named.length > 0) {
      console.error(`${named.join(', ')}: kept unscored for the next frozen run (${UNSCORED_FILE}); pass --with-unscored to score them`)
      process.exit(2)
    }

    console.error(`left out ${unscored.length} hold-out meeting(s) kept for the next frozen run (${UNSCORED_FILE})`)
  }

  const selectionOf = (half: Half) =>
    half === 'holdout' && unscored.length > 0 ? {...selection, except: [...new Set([...(selection.except ?? []), ...unscored])]} : selection

  try {
    for (const half of halves) selectMeetings(half, meetingSlugs(half), selectionOf(half))
  } catch (error) {
    console.error((error as Error).message)
    process.exit(2)
  }

  const work = mkdtempSync(join(tmpdir(), 'khaos-prose-bench-'))
  try {
    const report: Record<string, unknown> = {}
    for (const half of halves) {
      const results = scoreHalf(half, work, selectionOf(half))
      if (json) {
        report[half] = {
          ...totals(results),
          meetings: results.map((r) => ({
            pairs: r.pairs,
            slug: r.slug,
            synthesize: r.synthesize,
            // Texts and ids of what went wrong: tune half only.
            ...(half === 'tune'
              ? {
                  falsePositives: r.falsePositives.map(({agreement, finding, trap}) => ({...finding, agreement: agreement ?? null, trap: trap ?? null})),
                  misses: r.misses.map((entry) => entry.id),
                  pairsFlaggedTraps: r.pairsFlaggedTraps.map((x) => x.entry.id),
                  pairsMissed: r.pairsMissed.map((x) => x.entry.id),
                }
              : {}),
          })),
        }
      } else {
        printHalf(half, results)
      }
    }

    if (json) console.log(JSON.stringify(report, null, 2))
  } finally {
    rmSync(work, {force: true, recursive: true})
  }
}

main()
