// F36, 'AI prompt-injection surface: untrusted text reaching an LLM that drives shell, tools or writes': the detector of trials/F36-llm-prompt-injection/trial.yaml.
import {isRecord, lineOf, str} from '../model/yaml.js'
import type {Detector, RawFinding} from '../types.js'
import {callArgs} from './util.js'
import {conditionsOf, SAME_REPO_GUARD, stepsOf, workflowsOf} from './workflow.js'

/**
 * A light, per-file taint check: text from chat/issues/HTTP (sources) → a prompt → an LLM call → its output
 * → shell execution, eval or file writes (sinks). Variables are followed through assignments and through
 * helper functions that wrap an LLM call; no cross-file flow. It reports only a complete chain, at the sink.
 */

const SOURCE =
  /(?<![\w$.])(?:message|msg|ctx\.message|interaction\.message)\.(?:content|clean_content|text)\b|\binteraction\.options\b|\bupdate\.message\.text\b|\b(?:body\.)?event\s*(?:\.text\b|\[\s*['"]text['"]\s*\])|\bcommand\.text\b|\b(?:issue|comment|pull_request|review|discussion)\s*(?:\.(?:body|title)\b|\[\s*['"](?:body|title)['"]\s*\])|\bcontext\.payload\b|\bgithub\.event\b|\breq(?:uest)?\.(?:body|query|params|json|form|get_json\(\))|\bevent\s*\[\s*['"](?:issue|comment|pull_request)['"]\s*\]/
const LLM_CALL =
  /\b(?:chat\.completions\.create|completions\.create|responses\.create|messages\.create|ChatCompletion\.create|generate_content|generateContent|generateText|streamText|generateObject|(?:llm|chain|model|agent|chat)\.(?:invoke|ainvoke|predict|call|run)|ollama\.(?:chat|generate))\s*\(|\/v1\/(?:chat\/)?completions|\/api\/(?:generate|chat)\b/
const SINK =
  /\b(?:execSync|exec|execFileSync|execFile|spawnSync|spawn|execa|execaCommand|eval|Function|writeFileSync|writeFile|appendFileSync|appendFile|os\.system|os\.popen|subprocess\.(?:run|call|check_call|check_output|Popen)|write_text|write_bytes|(?<!std(?:out|err)\.)write)\s*\(/g

const DISPATCH = /(?:[A-Za-z_$][\w$.]*\[[^\]\n]+\]|getattr\([^)\n]*\)|globals\(\)\[[^\]\n]+\])\s*\(/g
const FOR_LOOP =
  /^\s*for\s*(?:await\s*)?\(\s*(?:const|let|var)\s+([\w$]+|\{[^}]*\}|\[[^\]]*\])\s+(?:of|in)\s+(.+?)\)\s*\{?\s*$|^\s*(?:async\s+)?for\s+([\w, ()]+?)\s+in\s+(.+?):\s*$/
const JS_OR_PY = /\.(m?[jt]sx?|cjs|cts|mts|py)$/i
const ASSIGN = /^\s*(?:(?:export\s+)?(?:const|let|var)\s+)?([A-Za-z_$][\w$]*|\{[^}=]*\}|\[[^\]=]*\])\s*(?::\s*[\w<>[\]|, ]+)?=(?!=)\s*(.+)$/
const FUNC =
  /^\s*(?:export\s+)?(?:async\s+)?(?:function\s*\*?\s*([A-Za-z_$][\w$]*)|def\s+([A-Za-z_]\w*)|(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:async\s*)?(?:function\b|\([^)]*\)\s*=>|[A-Za-z_$][\w$]*\s*=>))/

function identifiers(lhs: string): string[] {
  return [...lhs.matchAll(/[A-Za-z_$][\w$]*/g)].map((m) => m[0])
}

const mentionCache = new WeakMap<Set<string>, {size: number; re?: RegExp}>()

/** The first name of `names` used as an identifier in `text` (one compiled alternation per set state). */
function mentions(text: string, names: Set<string>): string | undefined {
  if (names.size === 0) return undefined
  let cached = mentionCache.get(names)
  if (!cached || cached.size !== names.size) {
    const alternation = [...names].map((n) => n.replace(/\$/g, '\\$')).join('|')
    cached = {re: new RegExp(`(?<![\\w$.])(${alternation})(?![\\w$])`), size: names.size}
    mentionCache.set(names, cached)
  }

  return cached.re!.exec(text)?.[1]
}

/** Lines with the statement text that follows (multi-line calls joined up to the closing parenthesis). */
export function statements(text: string): Array<{line: number; text: string}> {
  const lines = text.split(/\r?\n/)
  const out: Array<{line: number; text: string}> = []
  for (let i = 0; i < lines.length; i++) {
    let s = lines[i]
    let depth = (s.match(/[([{]/g)?.length ?? 0) - (s.match(/[)\]}]/g)?.length ?? 0)
    let j = i
    while (depth > 0 && j + 1 < lines.length && j - i < 40) {
      s += `\n${lines[++j]}`
      depth += (lines[j].match(/[([{]/g)?.length ?? 0) - (lines[j].match(/[)\]}]/g)?.length ?? 0)
    }

    out.push({line: i + 1, text: s})
  }

  return out
}

export function llmFlows(text: string): Array<{line: number; sink: string; source: string; via: string}> {
  if (!SOURCE.test(text) || !LLM_CALL.test(text)) return []
  const stmts = statements(text)
  // Functions wrapping an LLM call count as LLM calls themselves (`propose_patch(body)`).
  const wrappers = new Set<string>()
  let current: string | undefined
  for (const line of text.split(/\r?\n/)) {
    const f = FUNC.exec(line)
    if (f) current = f[1] ?? f[2] ?? f[3]
    if (current && LLM_CALL.test(line)) wrappers.add(current)
  }

  const wrapperCall = wrappers.size === 0 ? undefined : new RegExp(`(?<![\\w$.])(${[...wrappers].map((w) => w.replace(/\$/g, '\\$')).join('|')})\\s*\\(`)
  const llmCall = (s: string): string | undefined => {
    const m = LLM_CALL.exec(s)
    if (m) return m[0].replace(/\s*\($/, '')
    return wrapperCall?.exec(s)?.[1]
  }

  const assignments = stmts.flatMap(({text: s}) => {
    const first = s.split('\n')[0]
    // `for (const x of xs)` / `for x in xs:` bind x to (parts of) xs, like an assignment.
    const loop = FOR_LOOP.exec(first)
    if (loop) return [{lhs: loop[1] ?? loop[3], rhs: loop[2] ?? loop[4]}]
    if (!first.includes('=') || !ASSIGN.test(first)) return []
    const a = ASSIGN.exec(s.replace(/\n\s*/g, ' '))
    return a ? [{lhs: a[1], rhs: a[2]}] : []
  })

  const tainted = new Set<string>() // holds untrusted text
  const output = new Set<string>() // holds model output
  const via = new Map<string, string>()
  for (let pass = 0; pass < 3; pass++) {
    for (const {lhs, rhs} of assignments) {
      const names = identifiers(lhs)
      const call = llmCall(rhs)
      if (call && (SOURCE.test(rhs) || mentions(rhs, tainted))) {
        for (const n of names) {
          output.add(n)
          via.set(n, call)
        }
      } else if (mentions(rhs, output)) {
        const from = mentions(rhs, output)!
        for (const n of names) {
          output.add(n)
          via.set(n, via.get(from) ?? 'LLM')
        }
      } else if (SOURCE.test(rhs) || mentions(rhs, tainted)) {
        for (const n of names) tainted.add(n)
      }
    }
  }

  const sourceName = SOURCE.exec(text)?.[0] ?? 'untrusted input'
  const out: Array<{line: number; sink: string; source: string; via: string}> = []
  for (const {line, text: s} of stmts) {
    const first = s.split('\n')[0]
    for (const m of first.matchAll(SINK)) {
      const args = callArgs(s, (m.index ?? 0) + m[0].length - 1)
      const hit = mentions(args, output)
      const direct = hit ? undefined : llmCall(args)
      if (!hit && !(direct && (SOURCE.test(args) || mentions(args, tainted)))) continue
      out.push({line, sink: m[0].replace(/\s*\($/, ''), source: sourceName, via: hit ? (via.get(hit) ?? 'LLM') : direct!})
    }

    // Tool dispatch by a name the model chose: `tools[call.name](args)`, `getattr(obj, name)(…)`.
    for (const m of first.matchAll(DISPATCH)) {
      const open = (m.index ?? 0) + m[0].length - 1
      const hit = mentions(`${m[0]} ${callArgs(s, open)}`, output)
      if (!hit) continue
      out.push({line, sink: 'tool dispatch', source: sourceName, via: via.get(hit) ?? 'LLM'})
    }
  }

  return out
}

// Coding agents that act on the repository when started from a workflow.
const AGENT_ACTION =
  /^(anthropics\/claude-code(-base)?-action|openai\/codex-action|google-github-actions\/run-gemini-cli|github\/copilot[\w-]*|warpdotdev\/[\w-]*agent[\w-]*|[\w-]+\/aider[\w-]*|actions\/ai-inference)@/i
const AGENT_CLI = /\b(claude\s+(-p|--print)|codex\s+exec|gemini\s+(-p|--prompt)|aider\s+--message|llm\s+prompt)\b/
// Events an outsider can trigger with their own text.
const UNTRUSTED_TRIGGERS = [
  'issues',
  'issue_comment',
  'pull_request_target',
  'pull_request_review',
  'pull_request_review_comment',
  'discussion',
  'discussion_comment',
]
const AUTHOR_GUARD = /author_association|github\.actor\s*==|github\.triggering_actor\s*==|github\.event\.sender\.login\s*==/

const detector: Detector = {
  detect(model) {
    const out: RawFinding[] = []
    for (const f of model.files) {
      if (!JS_OR_PY.test(f.path)) continue
      for (const flow of llmFlows(f.text)) {
        out.push({
          evidence: `${flow.source} → ${flow.via} → ${flow.sink}`,
          file: f.path,
          line: flow.line,
          message: `untrusted text (${flow.source}) reaches an LLM (${flow.via}) whose output is passed to ${flow.sink}: a prompt injection in that text runs with this program's rights`,
        })
      }
    }

    for (const w of workflowsOf(model)) {
      const trigger = UNTRUSTED_TRIGGERS.find((t) => w.triggers.has(t))
      if (!trigger) continue
      for (const s of stepsOf(w)) {
        const uses = str(s.step.uses) ?? ''
        const run = str(s.step.run) ?? ''
        const agent = AGENT_ACTION.test(uses) ? uses.split('@')[0] : AGENT_CLI.exec(run)?.[0]
        if (!agent) continue
        const job = w.jobs.find((j) => j.id === s.job)?.job
        if (conditionsOf(w, s).some((g) => AUTHOR_GUARD.test(g) || SAME_REPO_GUARD.test(g))) continue
        const perms = isRecord(job?.permissions) ? job.permissions : isRecord(w.doc.permissions) ? w.doc.permissions : undefined
        const writes =
          perms === undefined
            ? 'default token permissions'
            : Object.entries(perms)
                .filter(([, v]) => v === 'write')
                .map(([k]) => `${k}: write`)
                .join(', ') || 'read-only token'
        out.push({
          evidence: `${s.job}: ${agent} on ${trigger} without an author check`,
          file: s.file,
          line: AGENT_ACTION.test(uses) ? lineOf(s.step, 'uses') : lineOf(s.step, 'run'),
          message: `${agent} runs on ${trigger} for anyone (no author_association check; ${writes}): whoever writes the text steers the agent`,
        })
      }
    }

    return out
  },
}

export default detector
