import {attrs, dotString, label} from '../shared/dot.js'
import type {FolderReport} from './folder.js'
import type {LinkRelation} from './schema.js'

/**
 * `khaos dao graph`: the decisions of a folder and how they relate, as DOT. One node per record (id, title,
 * status), an edge from each record to the one it supersedes, and one edge per link pair (drawn once, from the
 * side that names it actively: amends, depends on, relates to the higher id). Same folder, same bytes.
 */

const STATUS_STYLE: Record<string, string> = {
  accepted: '#d8f0d8',
  deprecated: '#eeeeee',
  proposed: '#fff3c4',
  rejected: '#f6d5d5',
  superseded: '#e4e4e4',
}

/** The relations drawn; their inverses are the same edges seen from the other end. */
const DRAWN: Partial<Record<LinkRelation, string>> = {amends: 'amends', 'depends-on': 'depends on', 'relates-to': 'relates to'}

export function recordsGraph(report: FolderReport): string {
  const out = ['digraph decisions {', '  graph [rankdir=LR, fontname="Helvetica"];', '  node [shape=box, style="rounded,filled", fontname="Helvetica"];']
  out.push('  edge [fontname="Helvetica", fontsize=10];')
  const ids = new Set(report.records.map((r) => r.id))
  for (const r of report.records) {
    if (r.record_type !== 'decision') continue
    const status = r.status ?? 'proposed'
    out.push(
      `  r${r.id}${attrs([
        ['label', label(`${r.id}. ${r.title}\n${status}, ${r.date}`, {max: 200, width: 32})],
        ['fillcolor', dotString(STATUS_STYLE[status] ?? '#ffffff')],
        ...(status === 'superseded' || status === 'rejected' ? ([['fontcolor', dotString('#666666')]] as Array<[string, string]>) : []),
      ])};`,
    )
  }

  for (const r of report.records) {
    if (r.supersedes !== null && ids.has(r.supersedes))
      out.push(
        `  r${r.id} -> r${r.supersedes}${attrs([
          ['label', dotString('supersedes')],
          ['style', 'bold'],
        ])};`,
      )
    for (const link of r.links) {
      const words = DRAWN[link.relation]
      if (!words || !ids.has(link.id) || (link.relation === 'relates-to' && link.id < r.id)) continue
      out.push(
        `  r${r.id} -> r${link.id}${attrs([['label', dotString(words)], ['style', 'dashed'], ...(link.relation === 'relates-to' ? ([['dir', 'none']] as Array<[string, string]>) : [])])};`,
      )
    }
  }

  out.push('}')
  return `${out.join('\n')}\n`
}
