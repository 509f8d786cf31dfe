import {createHash} from 'node:crypto'

import {terminalSafe} from './text.js'

/**
 * HTML that khaos writes (reports, kits) from text it did not write: every such string goes through one of
 * these, so a trial name, a file name or a service name like `</td><script>` stays text.
 */

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

/** Untrusted text for an HTML page: escaped, and control or bidi characters shown visibly (`\e`, `\u202e`). */
export function htmlText(text: string): string {
  return escapeHtml(terminalSafe(text))
}

/**
 * No script, no fetch, no font or image from elsewhere: the page is self-contained, and a browser that honours
 * the policy refuses anything a hostile string might still smuggle in.
 */
const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

const BASE_CSS = `
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1.25rem; color: #1d232a; background: #fff; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; } h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 1px solid #dde2e8; padding-bottom: .25rem; }
.meta { color: #5a6572; margin: 0 0 1rem; }
.cards { display: flex; flex-wrap: wrap; gap: .75rem; margin: 1rem 0; }
.card { border: 1px solid #dde2e8; border-radius: 8px; padding: .6rem .9rem; min-width: 8rem; }
.card b { display: block; font-size: 1.5rem; }
.charts { display: flex; flex-wrap: wrap; gap: 1.5rem; }
figure.chart { margin: 0; } figure.chart svg { max-width: 100%; height: auto; }
figcaption { color: #5a6572; font-size: .9rem; margin-top: .25rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #eef1f4; vertical-align: top; }
th { background: #f6f8fa; } td.num, th.num { text-align: right; }
code { font: .85rem ui-monospace, SFMono-Regular, Menlo, monospace; word-break: break-all; }
.sev { display: inline-block; border-radius: 4px; padding: 0 .4rem; color: #fff; font-size: .8rem; }
.sev-critical { background: #9e0142; } .sev-high { background: #d53e4f; } .sev-medium { background: #b35806; } .sev-low { background: #3288bd; }
.ok { color: #1a7f37; } .bad { color: #b42318; }
`

/**
 * A complete page: one <style>, the policy above; `body` is HTML the caller has already escaped. A page may carry
 * one inline `script` that khaos wrote (never data): the policy then allows that script alone, by its SHA-256.
 */
export function htmlPage(options: {title: string; body: string; css?: string; generator?: string; script?: string}): string {
  const policy = options.script ? `${HTML_CSP}; script-src 'sha256-${createHash('sha256').update(options.script).digest('base64')}'` : HTML_CSP
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${policy}">`,
    ...(options.generator ? [`<meta name="generator" content="${escapeHtml(options.generator)}">`] : []),
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(options.title)}</title>`,
    `<style>${BASE_CSS}${options.css ?? ''}</style>`,
    '</head>',
    '<body>',
    options.body,
    ...(options.script ? [`<script>${options.script}</script>`] : []),
    '</body>',
    '</html>',
    '',
  ].join('\n')
}
