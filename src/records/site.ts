import {escapeHtml, htmlPage, htmlText} from '../shared/html.js'
import {type FolderReport, reportLines, supersessionChains} from './folder.js'
import type {DecisionRecord} from './schema.js'
import {scanRecords} from './store.js'

/**
 * `khaos dao index --html`: one self-contained page to browse a folder's decisions, as log4brains does for ADRs:
 * a search box (every word must match: title, status, people, topic, session, outcome), a status filter, one
 * article per record in MADR's order, links between records as anchors. Every string from a record is escaped;
 * the one script is khaos's own, allowed by its hash, and reads no data but the page. `?q=words` in the URL
 * fills the search, so a search can be shared. No clock: the same folder gives the same bytes.
 */

export const SITE_GENERATOR = 'khaos dao index'

const STATUS_COLOURS: Record<string, string> = {
  accepted: '#1a7f37',
  deprecated: '#6e7781',
  proposed: '#9a6700',
  rejected: '#b42318',
  superseded: '#6e7781',
}

const CSS = `
.controls { display: flex; gap: .75rem; align-items: center; position: sticky; top: 0; background: #fff; padding: .5rem 0; border-bottom: 1px solid #dde2e8; }
.controls input { flex: 1; font: inherit; padding: .35rem .5rem; } .controls select { font: inherit; padding: .3rem; }
article.record { border: 1px solid #dde2e8; border-radius: 8px; padding: .25rem 1rem .75rem; margin: 1rem 0; }
article.record h2 { border: 0; margin: .5rem 0 .25rem; }
.status { display: inline-block; border-radius: 4px; padding: 0 .45rem; color: #fff; font-size: .8rem; vertical-align: middle; }
.text { white-space: pre-wrap; } .quote { color: #3d4752; } dt { font-weight: 600; margin-top: .5rem; } dd { margin-left: 1rem; }
nav.toc a { margin-right: .75rem; }
`

// Filters the articles: every word of the search must occur in the record's text; the status must match if set.
const SCRIPT = `const q = document.getElementById('q'), st = document.getElementById('status'), n = document.getElementById('count');
const items = Array.from(document.querySelectorAll('article.record'));
function filter() {
  const words = q.value.toLowerCase().split(/\\s+/).filter(Boolean);
  let shown = 0;
  for (const a of items) {
    const ok = words.every((w) => a.dataset.search.includes(w)) && (!st.value || a.dataset.status === st.value);
    a.hidden = !ok;
    if (ok) shown++;
  }
  n.textContent = shown + ' of ' + items.length + ' shown';
}
q.value = new URLSearchParams(location.search).get('q') || '';
q.addEventListener('input', filter);
st.addEventListener('change', filter);
filter();`

function paragraphs(text: null | string | undefined): string {
  return text ? `<p class="text">${htmlText(text)}</p>` : ''
}

function ref(id: number, ids: Set<number>): string {
  return ids.has(id) ? `<a href="#r${id}">${id}</a>` : String(id)
}

function article(r: DecisionRecord, ids: Set<number>): string {
  const people = [...r.participants.decision_makers, ...r.participants.consulted, ...r.participants.informed]
  const search = [r.id, r.title, r.topic, r.status, r.session_id, r.decision ?? 'to be decided', ...people].join(' ').toLowerCase()
  const links = [
    ...(r.supersedes === null ? [] : [`supersedes ${ref(r.supersedes, ids)}`]),
    ...(r.superseded_by === null ? [] : [`superseded by ${ref(r.superseded_by, ids)}`]),
    ...(r.links ?? []).map((l) => `${escapeHtml(l.relation)} ${ref(l.id, ids)}`),
  ]
  const out = [
    `<article class="record" id="r${r.id}" data-status="${escapeHtml(r.status)}" data-search="${htmlText(search)}">`,
    `<h2>${r.id}. ${htmlText(r.title)} <span class="status" style="background:${STATUS_COLOURS[r.status] ?? '#6e7781'}">${escapeHtml(r.status)}</span></h2>`,
    `<p class="meta">${escapeHtml(r.date)} · session <code>${htmlText(r.session_id)}</code>${links.length > 0 ? ` · ${links.join(', ')}` : ''}</p>`,
    '<dl>',
  ]
  const roles: Array<[string, string[]]> = [
    ['Decision makers', r.participants.decision_makers],
    ['Consulted', r.participants.consulted],
    ['Informed', r.participants.informed],
  ]
  for (const [role, names] of roles) if (names.length > 0) out.push(`<dt>${role}</dt><dd>${names.map(htmlText).join(', ')}</dd>`)
  if (r.context) out.push(`<dt>Context and problem statement</dt><dd>${paragraphs(r.context)}</dd>`)
  if ((r.decision_drivers ?? []).length > 0)
    out.push(`<dt>Decision drivers</dt><dd><ul>${r.decision_drivers!.map((d) => `<li>${htmlText(d)}</li>`).join('')}</ul></dd>`)
  if ((r.considered_options ?? []).length > 0) {
    const options = r.considered_options!.map(
      (o) =>
        `<li>${htmlText(o.decision_point)}<ul>${o.options.map((p) => `<li><b>${htmlText(p.participant)}</b>: <span class="quote">“${htmlText(p.position)}”</span></li>`).join('')}</ul>${o.question ? `<p>To decide: ${htmlText(o.question)}</p>` : ''}</li>`,
    )
    out.push(`<dt>Considered options</dt><dd><ol>${options.join('')}</ol></dd>`)
  }

  out.push(`<dt>Decision outcome</dt><dd>${r.decision === null ? '<p><i>to be decided</i></p>' : paragraphs(r.decision)}</dd>`)
  if (r.consequences) out.push(`<dt>Consequences</dt><dd>${paragraphs(r.consequences)}</dd>`)
  if ((r.open_contradictions ?? []).length > 0) {
    const open = r.open_contradictions!.map((c) => `<li>${c.decision_point ? `<b>${htmlText(c.decision_point)}</b>: ` : ''}${htmlText(c.explanation)}</li>`)
    out.push(`<dt>Open contradictions (${open.length})</dt><dd><ul>${open.join('')}</ul></dd>`)
  }

  if ((r.status_history ?? []).length > 0) {
    const history = r.status_history!.map(
      (h) => `<li>${escapeHtml(h.at)}: ${escapeHtml(h.from)} → ${escapeHtml(h.to)} by ${htmlText(h.by)}${h.note ? ` (${htmlText(h.note)})` : ''}</li>`,
    )
    out.push(`<dt>Status history</dt><dd><ul>${history.join('')}</ul></dd>`)
  }

  out.push('</dl>', '</article>')
  return out.join('\n')
}

export function renderSite(report: FolderReport, title = 'Decisions'): string {
  const records = scanRecords(report.dir)
    .flatMap((entry) => (entry.record?.record_type === 'decision' ? [entry.record] : []))
    .sort((a, b) => a.id - b.id)
  const ids = new Set(records.map((r) => r.id))
  const statuses = [...new Set(records.map((r) => r.status))].sort()
  const chains = supersessionChains(report.records).filter((chain) => chain.length > 1)
  const problems = reportLines(report, (file) => file.slice(report.dir.length + 1) || file)
  const body = [
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="meta">${records.length} decision record${records.length === 1 ? '' : 's'}. Generated by ${SITE_GENERATOR}.</p>`,
    '<div class="controls">',
    '<input id="q" type="search" placeholder="Search titles, people, outcomes… (every word must match)" aria-label="Search">',
    `<select id="status" aria-label="Status"><option value="">any status</option>${statuses.map((s) => `<option>${escapeHtml(s)}</option>`).join('')}</select>`,
    '<span id="count"></span>',
    '</div>',
    ...(chains.length > 0
      ? ['<h2>Supersession chains</h2>', `<ul>${chains.map((c) => `<li>${c.map((id) => ref(id, ids)).join(' → ')}</li>`).join('')}</ul>`]
      : []),
    ...(problems.length > 0 ? ['<h2>Problems in the folder</h2>', `<ul>${problems.map((p) => `<li>${htmlText(p)}</li>`).join('')}</ul>`] : []),
    ...records.map((r) => article(r, ids)),
  ].join('\n')
  return htmlPage({body, css: CSS, generator: SITE_GENERATOR, script: SCRIPT, title})
}
