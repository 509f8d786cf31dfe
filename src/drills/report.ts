import type {Drill} from './catalog.js'
import type {DrillProgress, ProgressFile} from './progress.js'

export type DrillStatus = 'new' | 'started' | 'failing' | 'passed'

export function statusOf(entry: DrillProgress | undefined): DrillStatus {
  if (!entry) return 'new'
  if (entry.lastAttempt === undefined) return 'started'
  if (entry.passes > 0) return 'passed'
  return 'failing'
}

export interface ProgressRow {
  id: number
  slug: string
  title: string
  bloom: string
  status: DrillStatus
  attempts: number
  passes: number
  passRate: number | null
  hintsUsed: number
  streak: number
  bestStreak: number
  box: number | null
  due: string | null
  firstPass: string | null
  lastPass: string | null
}

export interface ProgressReport {
  generatedAt: string
  drills: ProgressRow[]
  totals: {
    drills: number
    passed: number
    attempted: number
    attempts: number
    passes: number
    passRate: number | null
    hintsUsed: number
    bestStreak: number
    currentStreak: number
  }
  bloom: Array<{level: string; drills: number; passed: number; attempts: number; passes: number; passRate: number | null}>
}

const rate = (passes: number, attempts: number): number | null => (attempts === 0 ? null : Math.round((passes / attempts) * 1000) / 1000)

export function buildReport(drills: Drill[], progress: ProgressFile, generatedAt: string): ProgressReport {
  const rows: ProgressRow[] = drills.map((d) => {
    const e = progress.drills[d.nn]
    return {
      attempts: e?.attempts ?? 0,
      bloom: d.bloom,
      box: e ? e.box : null,
      due: e?.lastAttempt ? e.due : null,
      firstPass: e?.firstPass ?? null,
      hintsUsed: e?.hintsUsed ?? 0,
      id: d.id,
      lastPass: e?.lastPass ?? null,
      passRate: rate(e?.passes ?? 0, e?.attempts ?? 0),
      passes: e?.passes ?? 0,
      slug: d.slug,
      status: statusOf(e),
      bestStreak: e?.bestStreak ?? 0,
      streak: e?.streak ?? 0,
      title: d.title,
    }
  })
  const sum = (list: ProgressRow[], f: (r: ProgressRow) => number) => list.reduce((n, r) => n + f(r), 0)
  const levels = [...new Set(rows.map((r) => r.bloom))].sort()
  return {
    bloom: levels.map((level) => {
      const list = rows.filter((r) => r.bloom === level)
      return {
        attempts: sum(list, (r) => r.attempts),
        drills: list.length,
        level,
        passed: list.filter((r) => r.status === 'passed').length,
        passRate: rate(
          sum(list, (r) => r.passes),
          sum(list, (r) => r.attempts),
        ),
        passes: sum(list, (r) => r.passes),
      }
    }),
    drills: rows,
    generatedAt,
    totals: {
      attempted: rows.filter((r) => r.attempts > 0).length,
      attempts: sum(rows, (r) => r.attempts),
      bestStreak: Math.max(0, ...rows.map((r) => r.bestStreak)),
      currentStreak: Math.max(0, ...rows.map((r) => r.streak)),
      drills: rows.length,
      hintsUsed: sum(rows, (r) => r.hintsUsed),
      passRate: rate(
        sum(rows, (r) => r.passes),
        sum(rows, (r) => r.attempts),
      ),
      passed: rows.filter((r) => r.status === 'passed').length,
      passes: sum(rows, (r) => r.passes),
    },
  }
}

const pct = (value: number | null): string => (value === null ? '–' : `${Math.round(value * 100)}%`)

/** The Markdown report for a learner or a mentor: totals, Bloom levels, then one row per drill. */
export function renderMarkdown(report: ProgressReport): string {
  const t = report.totals
  const lines = [
    '# khaos drill progress',
    '',
    `Generated ${report.generatedAt}.`,
    '',
    `- Drills passed: **${t.passed}/${t.drills}** (${t.attempted} attempted)`,
    `- Checks: ${t.attempts}, passed ${t.passes} (pass rate ${pct(t.passRate)})`,
    `- Hints used: ${t.hintsUsed} · longest current streak: ${t.currentStreak} · longest streak ever: ${t.bestStreak}`,
    '',
    '## By Bloom level',
    '',
    '| Level | Drills | Passed | Checks | Pass rate |',
    '|---|---:|---:|---:|---:|',
    ...report.bloom.map((b) => `| ${b.level} | ${b.drills} | ${b.passed} | ${b.attempts} | ${pct(b.passRate)} |`),
    '',
    '## Drills',
    '',
    '| # | Drill | Bloom | Status | Checks | Pass rate | Hints | Streak (best) | Box | First pass | Last pass | Due |',
    '|---:|---|---|---|---:|---:|---:|---:|---:|---|---|---|',
    ...report.drills.map(
      (r) =>
        `| ${String(r.id).padStart(2, '0')} | ${r.title.replaceAll('|', '\\|')} | ${r.bloom} | ${r.status} | ${r.attempts} | ${pct(r.passRate)} | ${r.hintsUsed}/3 | ${r.streak} (${r.bestStreak}) | ${r.box ?? '–'} | ${r.firstPass ?? '–'} | ${r.lastPass ?? '–'} | ${r.due ?? '–'} |`,
    ),
    '',
  ]
  return lines.join('\n')
}
