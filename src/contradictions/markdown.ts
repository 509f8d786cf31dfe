import {CADENCES} from './quantities.js'

/**
 * Splits Markdown or plain text into claims: sentences with the line they start on. Front matter, fenced and
 * indented code, headings, HTML blocks and link reference definitions are not claims and are skipped. A table's
 * body cells are claims of their own, named by their row and column ("/checkout p99: 800 ms").
 */
export interface RawClaim {
  text: string
  line: number
  /** The text of the nearest heading above the claim, if any: what a labelled bullet ("Target: 99.95%") is about. */
  heading?: string
}

const MAX_CLAIM_CHARS = 600

interface Block {
  text: string
  heading?: string
  /** Start offset in `text` of each source line, paired with the line number. */
  lines: Array<[offset: number, line: number]>
}

function stripInline(line: string): string {
  return line
    .replace(/<!--.*?-->/g, ' ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1') // images → alt text
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1') // links → text
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
    .replace(/<\/?[a-zA-Z][^>]*>/g, ' ') // inline HTML tags
    .replace(/`([^`]*)`/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[\s(])[*_]([^*_\s][^*_]*?)[*_](?=[\s).,;:!?]|$)/g, '$1$2')
    .replace(/~~(.+?)~~/g, '$1')
}

/** The label of a memo's header line: who it is for, by or with, and what it is about ("Scope: What any bot check … has to meet"). */
const META_LINE =
  /^(?:(?:prepared (?:for|by)|attendees|authors?|written by|drafted (?:with|by)|cc|participants|present|re|focus)\s*:|(?:scope|purpose|topic|question)\s*:\s*(?:what|how|which|why|whether)\b)/i

/** A two-word instruction with its value: "rotate monthly.", "retain 30d". */
const VALUED = new RegExp(String.raw`^[A-Za-z][\w-]+\s+(\S*\d\S*|${CADENCES.join('|')})\W*$`, 'i')

/** A sentence that says how a memo came about: who drafted it, with what, for whom. */
const MEMO_ORIGIN = /^\W*(?:draft(?:ed)? (?:for|with|by)|notes? (?:for|from|by)|written (?:for|by|with)|tidied up)\b/i

/**
 * The title of the section each line sits under (undefined before the first), lower case: a Markdown heading, a line
 * that is only bold text ("**Recommendation**"), or a short label ending in a colon on a line of its own ("summary:",
 * "open questions:") as notes title their parts. What calibration reads to tell a position (a recommendation,
 * a summary) from a report of how things stand or a risk.
 */
export function sectionTitles(lines: readonly string[]): Array<string | undefined> {
  let title: string | undefined
  let fence: string | undefined
  return lines.map((line) => {
    const trimmed = line.trim()
    const current = title
    if (fence) {
      if (trimmed.startsWith(fence)) fence = undefined
      return current
    }

    const fenceOpen = /^(`{3,}|~{3,})/.exec(trimmed)
    if (fenceOpen) fence = fenceOpen[1]
    else if (/^#{1,6}\s/.test(trimmed) || /^(\*\*|__)[^*_]+\1:?$/.test(trimmed) || /^[\p{L}\d][\p{L}\d /&'-]{1,40}:$/u.test(trimmed))
      title = stripInline(trimmed.replace(/^#{1,6}\s*/, ''))
        .replace(/:$/, '')
        .trim()
        .toLowerCase()
    return current
  })
}

function blocksOf(source: string): Block[] {
  const lines = source.split(/\r\n|\n|\r/)
  const blocks: Block[] = []
  let current: Block | undefined
  const flush = () => {
    if (current && current.text.trim() !== '') blocks.push(current)
    current = undefined
  }

  let i = 0
  // Front matter: only at the very top.
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((l, k) => k > 0 && (l.trim() === '---' || l.trim() === '...'))
    if (end > 0) i = end + 1
  }

  let fence: string | undefined
  let previousBlank = true
  let heading: string | undefined
  // The table being read: its header cells once the delimiter row ("|---|---|") has confirmed it.
  let tableHeader: string[] | undefined
  let previousRow: string[] | undefined
  for (; i < lines.length; i++) {
    const raw = lines[i]
    const lineNo = i + 1
    const trimmed = raw.trim()
    if (fence) {
      if (trimmed.startsWith(fence)) fence = undefined
      previousBlank = false
      continue
    }

    const fenceOpen = /^(`{3,}|~{3,})/.exec(trimmed)
    if (fenceOpen) {
      flush()
      fence = fenceOpen[1]
      continue
    }

    if (trimmed === '') {
      flush()
      previousBlank = true
      continue
    }

    const indentedCode = /^( {4}|\t)/.test(raw) && previousBlank && !current
    const table = /^\|/.test(trimmed) || (/^[-:| ]+$/.test(trimmed) && trimmed.includes('|')) || (trimmed.match(/\|/g)?.length ?? 0) >= 2
    const isHeading = /^#{1,6}(\s|$)/.test(trimmed) || /^(=+|-+)$/.test(trimmed)
    const html = /^<\/?[a-zA-Z!][^>]*>\s*$/.test(trimmed) || /^<!--/.test(trimmed)
    const reference = /^\[[^\]]+\]:\s*\S+/.test(trimmed)
    const rule = /^([-*_])(\s*\1){2,}$/.test(trimmed)
    if (table) {
      flush()
      const cells = tableCells(trimmed)
      if (/^[-:| ]+$/.test(trimmed)) tableHeader = previousRow
      else if (tableHeader) {
        // "| /checkout | 300 ms | 800 ms |" under "| Endpoint | p95 | p99 |": "/checkout p95: 300 ms." and "/checkout p99: 800 ms."
        for (const [k, cell] of cells.entries()) {
          if (k === 0 || !tableHeader[k] || /^(|-+|—|–|n\/a|none|tbd)$/i.test(cell)) continue
          // A column that only says "value" names nothing: "| uptime | 97.5% |" under "| metric | value |" is "uptime: 97.5%";
          // nor does one that says whose word it is: "| Appeals window | 60 days |" under "| Area | Recommendation |".
          const column = GENERIC_COLUMN.test(tableHeader[k]) ? '' : ` ${tableHeader[k]}`
          const text = `${cells[0]}${column}: ${cell.replace(/[.\s]+$/, '')}.`
          blocks.push({heading, lines: [[0, lineNo]], text})
        }
      }

      previousRow = cells
      previousBlank = false
      continue
    }

    tableHeader = undefined
    previousRow = undefined
    if (indentedCode || isHeading || html || reference || rule) {
      flush()
      // "### 1. Availability" → "Availability" (a setext underline keeps the heading before it).
      if (/^#{1,6}(\s|$)/.test(trimmed))
        heading =
          stripInline(
            trimmed
              .replace(/^#{1,6}\s*/, '')
              .replace(/\s#+$/, '')
              .replace(/^\d{1,3}[.)]\s+/, ''),
          ).trim() || undefined
      previousBlank = false
      continue
    }

    previousBlank = false
    // A list item or block quote starts a new block; its marker is not part of the claim.
    const item = /^(\s*(?:>\s*)*)([-*+]|\d{1,3}[.)])\s+(\[[ xX]\]\s+)?/.exec(raw)
    const quote = /^\s*(>\s*)+/.exec(raw)
    let content = raw
    if (item) {
      flush()
      content = raw.slice(item[0].length)
    } else if (quote) {
      content = raw.slice(quote[0].length)
    }

    content = stripInline(content).trim()
    if (content === '') continue
    // A memo's header ("Prepared for: Reza (Mobile lead)", "Attendees: dana, omar, me") says who, not what: no claim.
    if (!item && !quote && META_LINE.test(content)) {
      flush()
      continue
    }

    if (!current) current = {heading, lines: [], text: ''}
    if (current.text !== '') current.text += ' '
    current.lines.push([current.text.length, lineNo])
    current.text += content
  }

  flush()
  return blocks
}

/** Table columns that name no attribute of the row: its value, or whose view of it the cell gives. */
const GENERIC_COLUMN =
  /^(values?|settings?|details?|notes?|description|amount|figure|recommendations?|recommended|proposals?|suggestions?|positions?|decisions?|choices?|answers?|approach|stance|(my|our) (take|view|proposal|recommendation))$/i

/** The cells of a table row, inline Markdown stripped: "| **Prices** | `15m` |" → ["Prices", "15m"]. */
function tableCells(row: string): string[] {
  return row
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((cell) => stripInline(cell).trim())
}

// Abbreviations whose period does not end a sentence.
// ("No." only before a number: "No. 5"; "timescaledb: no. compression is under the TSL" ends a refusal.)
const ABBREVIATIONS = /\b(e\.g|i\.e|etc|vs|cf|approx|incl|Mr|Mrs|Ms|Dr|St|Fig|al)\.$/i

/** The source line holding `offset` of a block (binary search: a block may be thousands of lines long). */
function lineAt(block: Block, offset: number): number {
  let low = 0
  let high = block.lines.length - 1
  while (low < high) {
    const mid = (low + high + 1) >> 1
    if (block.lines[mid][0] <= offset) low = mid
    else high = mid - 1
  }

  return block.lines[low][1]
}

/**
 * What "no …", "without …" or "zero …" denies when a rule is stated for every case ("no exceptions", "with zero
 * exemptions", "no opt-outs"): the words make the rule, not a negation of it.
 */
export const RULE_FOR_ALL = /^(exceptions?|exemptions?|optouts?|opt-outs?|carveouts?|carve-outs?)$/
/** A sentence that only says the one before it has no exceptions ("Every release gets a ticket. No exceptions."). */
const RULE_FOR_ALL_SENTENCE = /^(no|zero|without)\s+(exceptions?|exemptions?|opt-?outs?|carve-?outs?)\W*$/i

/** A two-word order about one thing in notes: "drop DKMS.", "retire Jenkins". */
export const SHORT_ORDER = /^(drop|keep|retire|adopt|remove|replace|disable|enable|abandon|kill|deprecate|ban|allow|block|deny|stop|use)\s+[\w.-]+\W*$/i

/** Sentences of a text, each with its 1-based starting line. Deterministic and linear in the input size. */
/** Words of a sentence that takes a position: a rule, a plan or a recommendation. */
const POSITION_TAKEN = /\b(?:should|must|shall|need(?:s)? to|will|recommend|suggest|propose|want|[a-z]+'d)\b/i

export function extractClaims(source: string): RawClaim[] {
  const claims: RawClaim[] = []
  for (const block of blocksOf(source)) {
    const {text} = block
    let start = 0
    // Notes start sentences in lower case too ("RI: 1yr only, nothing longer. we might move to arm").
    const boundary = /[.!?]+["')\]]*\s+(?=["'([]?[A-Za-z0-9#`$~@])|[.!?]+["')\]]*$/g
    let match: RegExpExecArray | null
    const first = claims.length
    const push = (end: number) => {
      const sentence = text.slice(start, end).trim()
      const leading = text.slice(start).length - text.slice(start).trimStart().length
      // Too short to be a claim, but it makes the sentence before it a rule for every case: it goes with it.
      const before = claims.length > first ? claims.at(-1)! : undefined
      if (before && RULE_FOR_ALL_SENTENCE.test(sentence) && before.text.length + sentence.length < MAX_CLAIM_CHARS) {
        before.text += ` ${sentence}`
        return
      }

      // Questions and lead-ins ("As a node module:") assert nothing; a labelled value ("Target: 99.95%.") does.
      const labelled = /^[A-Za-z][^:]{1,40}:\s+\S*\d/.test(sentence)
      // …and so does a short refusal in notes ("no proxy.", "no PDBs", "don't rotate.", "timescaledb: no.").
      const refusal = /^(no|don't|dont|don’t|never)\s+[A-Za-z][\w-]+\W*$/i.test(sentence) || /^[A-Za-z][^:?]{1,40}[:?]\s*(no|nope)\W*$/i.test(sentence)
      // …and a switch given its state ("AOF: off.", "DeleteMarkerReplication: Disabled").
      const switched = /^[A-Za-z][^:]{1,40}:\s*(on|off|enabled|disabled|true|false)\W*$/i.test(sentence)
      // …and a two-word instruction with its value ("rotate monthly.", "retain 30d").
      const valued = VALUED.test(sentence)
      // …and a two-word order about one thing in notes ("drop DKMS.", "retire Jenkins").
      const order = SHORT_ORDER.test(sentence)
      // "Drafted with an assistant, lightly edited.", "notes from tue w/ hamid + carla": how the notes came about.
      if (MEMO_ORIGIN.test(sentence)) return
      // A lead-in that takes a position is a claim all the same ("I think we should abandon Codecov and self-host
      // diff-cover inside our own runners:"); the list after it gives the reasons.
      const position = /:$/.test(sentence) && sentence.split(/\s+/).length >= 6 && POSITION_TAKEN.test(sentence)
      if (
        /[A-Za-z]{2,}/.test(sentence) &&
        (sentence.split(/\s+/).length >= 3 || labelled || refusal || valued || order || switched) &&
        // (…a question closed inside a bracket too: "who pays for DR copies (platform budget or the owning team?)".)
        (!/(?:\?[)\]"'”]*|:)$/.test(sentence) || position)
      ) {
        const text = position ? sentence.slice(0, -1) : sentence
        const claim: RawClaim = {line: lineAt(block, start + leading), text: text.length > MAX_CLAIM_CHARS ? text.slice(0, MAX_CLAIM_CHARS) : text}
        if (block.heading) claim.heading = block.heading
        claims.push(claim)
      }
    }

    while ((match = boundary.exec(text)) !== null) {
      const end = match.index + match[0].trimEnd().length
      if (ABBREVIATIONS.test(text.slice(Math.max(start, match.index - 8), match.index + 1))) continue
      if (/\bno\.$/i.test(text.slice(Math.max(start, match.index - 3), match.index + 1)) && /^\s+#?\d/.test(text.slice(match.index + 1))) continue
      push(end)
      start = match.index + match[0].length
    }

    if (start < text.length) push(text.length)
  }

  return claims
}

/** A verb that makes a statement of the words around it ("is", "must", "won't"). */
const FINITE_VERB =
  /^(is|are|was|were|will|won't|must|should|shall|can|cannot|can't|may|might|would|need|needs|has|have|had|does|do|did|isn't|aren't|doesn't|don't)$/i

/** A comma, then a pronoun and its verb: "…, we don't have", "…, they'd each build", "…, it works". */
const COMMA_SPLICE =
  /,\s+(?=(?:we|they|i|you|it|he|she)(?:'d|'ll|'re|'ve|'m|'s|’d|’ll|’re|’ve|’m|’s)?\s+(?:\w+\s+)?(?:is|are|was|were|will|won't|must|should|shall|can|cannot|can't|may|might|would|need|needs|has|have|had|does|do|did|isn't|aren't|doesn't|don't|didn't|wasn't|weren't|shouldn't|wouldn't|couldn't|just|already|still|also|never|always|each|all|both)\b)/gi
/** A clause that only frames the next one: its condition, its time or a concession. */
const SUBORDINATE_START =
  /^(?:[-*]\s+)?(?:if|when|whenever|unless|once|after|before|until|while|as long as|as soon as|since|because|although|though|even if|even though|whether|where|so that)\b/i

/** A clause shorter than this many words is kept with the one before it ("…, so be it"). */
const MIN_CLAUSE_WORDS = 3
// ("kids don't need ID but have to come in w/ an approved adult": a "but" before a modal opens a second rule, comma or not.)
const CLAUSE_BREAK =
  /\s*;\s+|\s+[—–]\s+|\s+--\s+|,\s+(?=(?:so that|so|but|whereas|while|although|though|because|which|since|and (?:we|they|it|i|you|he|she|this|that|nobody|no one)|yet|nobody|no one|no need|nothing|everyone|everybody)\s)|\s+(?=because\s|so that\s|but (?:must|should|shall|ha(?:ve|s) to|needs? to|may|can|cannot|can't|will|won't)\s)/gi

/** "no geekbot", "no Redis": a refusal of one named thing, a claim on its own. */
const BARE_REFUSAL = /^no\s+(?!(?:exceptions?|need|way|idea|change|changes|more|less|one|longer|problem|issue|rush|thanks)$)[\p{L}][\p{L}\d.-]*$/iu

/**
 * The clauses of one sentence, split where a second statement starts: ";", a spaced dash, ", so (that)", ", nobody",
 * ", but", ", which", ", because", ", and we …". One function for `analyze` and `pairs`, so both judge the same
 * units: a trailing clause (", so that …", "; X is …") neither hides the core claim nor adds to it.
 */
export function splitClauses(sentence: string): string[] {
  const parts: string[] = []
  let start = 0
  const push = (end: number) => {
    const part = sentence
      .slice(start, end)
      .trim()
      .replace(/[.;,]$/, '')
      .trim()
    if (part === '') return
    if (parts.length > 0 && part.split(/\s+/).length < MIN_CLAUSE_WORDS) parts[parts.length - 1] += ` ${part}`
    else parts.push(part)
  }

  const breaks = [...sentence.matchAll(CLAUSE_BREAK)].map((match) => [match.index, match.index + match[0].length] as const)
  // Notes run two statements together with a comma ("App teams shouldn't own rotation, we don't have the tooling"):
  // a comma before a pronoun and its verb starts a second one, unless the first was only its condition or time ("If
  // the page fires, we roll back").
  for (const match of sentence.matchAll(COMMA_SPLICE)) {
    const before = breaks.filter(([, end]) => end <= match.index).at(-1)?.[1] ?? 0
    if (!SUBORDINATE_START.test(sentence.slice(before, match.index).trim())) breaks.push([match.index, match.index + match[0].length])
  }

  for (const match of sentence.matchAll(/:\s+/g)) {
    // "MinIO is not free: the new disks add $250 a month": a statement before a colon stands on its own; a label
    // before one ("Kill switches: reviewed yearly", "Recommendation: …") is what follows it is about.
    const before = breaks.filter(([, end]) => end <= match.index).at(-1)?.[1] ?? 0
    const left = sentence.slice(before, match.index).trim().split(/\s+/)
    // …and a colon before a figure elaborates the statement ("Page volume is going down: 40 pages last month"),
    // its frame included: only a statement after the colon is split off.
    const right = sentence.slice(match.index + match[0].length).split(/\s+/)
    // …and a setting written as code gets its value after one ("must use concurrencyPolicy: Forbid").
    const setting = /^[a-z]+(?:[A-Z][a-z0-9]+|_[a-z0-9]+)+$/.test(left.at(-1) ?? '')
    if (left.length >= MIN_CLAUSE_WORDS && left.some((w) => FINITE_VERB.test(w)) && right.length > MIN_CLAUSE_WORDS && !/^[\d$€£~]/.test(right[0]) && !setting)
      breaks.push([match.index, match.index + match[0].length])
  }

  for (const [at, end] of breaks.sort(([x], [y]) => x - y)) {
    push(at)
    start = end
  }

  push(sentence.length)
  // A first clause too short to stand alone ("Not now; …") is joined to the next; a bare refusal of one thing ("no
  // geekbot — it's another paid tool") stands alone.
  if (parts.length > 1 && parts[0].split(/\s+/).length < MIN_CLAUSE_WORDS && !BARE_REFUSAL.test(parts[0])) parts.splice(0, 2, `${parts[0]} ${parts[1]}`)
  return parts.length > 0 ? parts : [sentence]
}
