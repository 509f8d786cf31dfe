import {isIP} from 'node:net'
import {isMap, isPair, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq} from 'yaml'

import {reportedReadOnly} from '../detectors/08-sensitive-host-paths.js'
import type {FixKind} from './kinds.js'
import {
  addToFlowMap,
  addUnderKey,
  type Ancestors,
  appendToBlockMap,
  appendToBlockSeq,
  collectionKey,
  insertSeqItemAfter,
  keyName,
  nodesOnLine,
  type ParsedYaml,
  removeFlowItem,
  removePair,
  removeSeqItem,
  replaceScalar,
  scalarText,
  seqItemsCovering,
  type TextEdit,
} from './yaml-edit.js'

/**
 * One planner per fix kind. A planner looks at one finding (file, line, evidence) in the file's text and returns
 * the edits that remove that flaw and nothing else, a refusal saying why a human must do it, or undefined when
 * the kind does not apply to this finding (the next kind the trial declares is tried).
 */

export interface FixTarget {
  trial: string
  file: string
  line: number
  evidence: string
  message: string
  service?: string
  services?: string[]
}

export interface FixOptions {
  /** Host IP that published ports are bound to (default 127.0.0.1). */
  interface: string
  /** `owner/repo@ref` (or `docker://image:tag`) → full commit SHA (or `sha256:` digest), given by the user. */
  pins: Map<string, string>
}

/** `remains`: the edits fix part of the finding; what is left needs a human (the finding stays, changed). */
export type Plan = {edits: TextEdit[]; did: string; caveat?: string; remains?: string} | {refuse: string; pin?: string} | undefined

export interface PlanContext {
  finding: FixTarget
  text: string
  /** The parsed YAML file, when the finding is in one. */
  yaml?: ParsedYaml
  isToml: boolean
  options: FixOptions
}

type Planner = (ctx: PlanContext) => Plan

const ok = (edits: Array<TextEdit | undefined>, did: string, caveat?: string): Plan =>
  edits.every(Boolean)
    ? {caveat, did, edits: edits as TextEdit[]}
    : {refuse: `the entry shares its line with others or is written in a form khaos does not edit (${did}); edit it by hand`}

/** The item of collection `key` (`ports`, `volumes` …) that starts on the finding's line; the one the evidence names when several do. */
function itemOnLine(ctx: PlanContext, key: string): {item: Node; ancestors: Ancestors} | undefined {
  if (!ctx.yaml) return undefined
  const hits = seqItemsCovering(ctx.yaml, key, ctx.finding.line)
  if (hits.length <= 1) return hits[0]
  const named = hits.find(({item}) => isScalar(item) && ctx.finding.evidence.includes(scalarText(item)))
  return named ?? hits[0]
}

/** The pair on the finding's line whose key matches. */
function pairOnLine(ctx: PlanContext, key: RegExp): {pair: Pair; ancestors: Ancestors} | undefined {
  if (!ctx.yaml) return undefined
  for (const {ancestors, node} of nodesOnLine(ctx.yaml, ctx.finding.line)) {
    if (isPair(node) && key.test(keyName(node) ?? '')) return {ancestors, pair: node}
  }

  return undefined
}

// ---- bind-loopback (F4) -------------------------------------------------------------------------------------

function bracket(ip: string): string {
  return isIP(ip) === 6 ? `[${ip}]` : ip
}

function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '')
  return /^127\./.test(h) || h === '::1' || h === 'localhost'
}

/** `[HOST:][PUBLISHED:]TARGET[/proto]` with the host IP replaced; undefined when the form is not understood. */
export function bindShortPort(spec: string, iface: string): {value: string} | {refuse: string} | undefined {
  let host: string | undefined
  let rest = spec
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']:')
    if (close < 0) return undefined
    host = rest.slice(0, close + 1)
    rest = rest.slice(close + 2)
  }

  const parts = rest.split(':')
  if (host === undefined && parts.length === 3) host = parts.shift()
  if (parts.length > 2 || parts.length === 0 || (host !== undefined && parts.length !== 2)) return undefined
  if (host?.includes('$')) return {refuse: `the host IP comes from a variable (${host}); set that variable to ${iface} where it is defined`}
  if (host !== undefined && host !== '' && isLoopback(host)) return undefined
  const [published, target] = parts.length === 2 ? parts : ['', parts[0]]
  return {value: `${bracket(iface)}:${published}:${target}`}
}

const bindLoopback: Planner = (ctx) => {
  const hit = itemOnLine(ctx, 'ports')
  if (!hit) return undefined
  const {item} = hit
  const iface = ctx.options.interface
  const caveat = `the port is reachable only from ${iface === '127.0.0.1' ? 'this host' : iface}; put it behind the reverse proxy if others need it`
  if (isScalar(item)) {
    const bound = bindShortPort(scalarText(item), iface)
    if (!bound) return {refuse: `port "${scalarText(item)}" is in a form khaos does not rewrite; bind it to ${iface} by hand`}
    if ('refuse' in bound) return bound
    // A number (`- 3000`) must become a string once it holds colons.
    const edit =
      item.type === 'PLAIN' && typeof item.value === 'number'
        ? {...replaceScalar(item, bound.value), text: JSON.stringify(bound.value)}
        : replaceScalar(item, bound.value)
    return ok([edit], `bind to ${iface}`, caveat)
  }

  if (isMap(item)) {
    const hostIp = item.get('host_ip', true)
    if (isScalar(hostIp)) {
      if (String(hostIp.value).includes('$'))
        return {refuse: `host_ip comes from a variable (${String(hostIp.value)}); set that variable to ${iface} where it is defined`}
      return ok([replaceScalar(hostIp, iface)], `host_ip: ${iface}`, caveat)
    }

    return ok(
      [item.flow ? addToFlowMap(ctx.yaml!, item, `host_ip: ${iface}`) : appendToBlockMap(ctx.yaml!, item, [`host_ip: ${iface}`])],
      `host_ip: ${iface}`,
      caveat,
    )
  }

  return undefined
}

// ---- mount-read-only (F8) -----------------------------------------------------------------------------------

export function readOnlyShortVolume(spec: string): string | undefined {
  const parts = spec.split(':')
  if (parts.length === 2) return `${spec}:ro`
  if (parts.length !== 3) return undefined
  const options = parts[2].split(',').filter((o) => o !== '')
  if (options.includes('ro')) return undefined
  const next = options.includes('rw') ? options.map((o) => (o === 'rw' ? 'ro' : o)) : ['ro', ...options]
  return `${parts[0]}:${parts[1]}:${next.join(',')}`
}

/** Read-only still discloses most sensitive paths (F8 keeps a lower-severity finding): say what is left. */
function withDisclosure(plan: Plan, source: string): Plan {
  if (!plan || !('edits' in plan) || !reportedReadOnly(source)) return plan
  return {...plan, remains: `read-only, ${source} is still readable from the container; mounting only the file it needs is a decision`}
}

const mountReadOnly: Planner = (ctx) => {
  if (/propagation/.test(ctx.finding.evidence)) return undefined
  const hit = itemOnLine(ctx, 'volumes')
  if (!hit) return undefined
  const already = {refuse: 'already read-only: :ro stops writes, not reads; mounting only the file the service needs is a decision'}
  const {item} = hit
  const caveat = 'the service can no longer write there; if it must, mount only the subpath it writes'
  if (isScalar(item)) {
    if (/:(.*,)?ro(,|$)/.test(scalarText(item).split(':').slice(2).join(':') ? `:${scalarText(item).split(':').slice(2).join(':')}` : '')) return already
    const value = readOnlyShortVolume(scalarText(item))
    if (!value) return {refuse: `volume "${scalarText(item)}" is in a form khaos does not rewrite; add :ro by hand`}
    return withDisclosure(ok([replaceScalar(item, value)], 'mount read-only (:ro)', caveat), scalarText(item).split(':')[0])
  }

  if (isMap(item)) {
    const readOnly = item.get('read_only', true)
    if (isScalar(readOnly) && readOnly.value === true) return already
    const source = String(item.get('source') ?? '')
    if (isScalar(readOnly))
      return withDisclosure(
        ok(
          [replaceScalar(readOnly, 'true')].map((e) => ({...e, text: 'true'})),
          'read_only: true',
          caveat,
        ),
        source,
      )
    return withDisclosure(
      ok([item.flow ? addToFlowMap(ctx.yaml!, item, 'read_only: true') : appendToBlockMap(ctx.yaml!, item, ['read_only: true'])], 'read_only: true', caveat),
      source,
    )
  }

  return undefined
}

// ---- private-propagation (F8) ------------------------------------------------------------------------------

const privatePropagation: Planner = (ctx) => {
  if (!/propagation/.test(ctx.finding.evidence)) return undefined
  const hit = itemOnLine(ctx, 'volumes')
  if (!hit) return undefined
  const caveat = 'mounts made on the host after the start no longer show inside the container, nor the reverse'
  const {item} = hit
  if (isScalar(item)) {
    const parts = scalarText(item).split(':')
    if (parts.length !== 3) return {refuse: 'volume in a form khaos does not rewrite; drop the shared propagation by hand'}
    const options = parts[2].split(',').map((o) => (/^r?shared$/.test(o) ? 'rprivate' : o))
    return ok([replaceScalar(item, `${parts[0]}:${parts[1]}:${options.join(',')}`)], 'propagation rprivate', caveat)
  }

  const bind = isMap(item) ? item.get('bind', true) : undefined
  const propagation = isMap(bind) ? bind.get('propagation', true) : undefined
  if (!isScalar(propagation)) return undefined
  return ok([replaceScalar(propagation, 'rprivate')], 'propagation: rprivate', caveat)
}

// ---- remove-privileged, remove-unconfined (F7) --------------------------------------------------------------

const removePrivileged: Planner = (ctx) => {
  const hit = pairOnLine(ctx, /^privileged$/)
  if (!hit) return undefined
  return ok(
    [removePair(ctx.yaml!, hit.pair)],
    'remove privileged: true',
    'the service loses every extra capability and device; if it needs one, add that one with cap_add/devices',
  )
}

const UNCONFINED = /^(seccomp|apparmor)[:=]unconfined$|^label[:=]disable$|^systempaths[:=]unconfined$/i

/** Removes one item of a sequence, or the whole `key:` entry when it is the only item. */
function removeItem(ctx: PlanContext, ancestors: Ancestors, item: Node): TextEdit | undefined {
  const seq = ancestors.at(-1) as YAMLSeq
  const pair = ancestors.at(-2) as Pair
  if (seq.items.length === 1) return removePair(ctx.yaml!, pair)
  return seq.flow ? removeFlowItem(ctx.yaml!, seq, seq.items.indexOf(item)) : removeSeqItem(ctx.yaml!, seq, item)
}

const removeUnconfined: Planner = (ctx) => {
  const hit = itemOnLine(ctx, 'security_opt')
  if (!hit || !isScalar(hit.item) || !UNCONFINED.test(scalarText(hit.item).replace(/\s+/g, ''))) return undefined
  return ok(
    [removeItem(ctx, hit.ancestors, hit.item)],
    `remove security_opt ${scalarText(hit.item)}`,
    'the default confinement profile applies again; a service that really needs a syscall it blocks fails visibly',
  )
}

// ---- no-new-privileges --------------------------------------------------------------------------------------

const NNP = 'no-new-privileges:true'

/** Edits giving one service `no-new-privileges:true`; undefined when it has it already. */
function addNoNewPrivileges(ctx: PlanContext, svc: YAMLMap): TextEdit | {refuse: string} | undefined {
  const opts = svc.get('security_opt', true)
  if (isSeq(opts)) {
    const items = opts.items as Node[]
    const value = (i: Node) => (isScalar(i) ? scalarText(i).replace(/\s+/g, '') : '')
    if (items.some((i) => /^no-new-privileges([:=]true)?$/i.test(value(i)))) return undefined
    const off = items.find((i) => /^no-new-privileges[:=]false$/i.test(value(i)))
    if (off && isScalar(off)) return replaceScalar(off, NNP)
    if (opts.flow) {
      const last = items.at(-1)
      return (last && insertSeqItemAfter(ctx.yaml!, opts, last, NNP)) || {refuse: 'security_opt is an empty flow list; write [no-new-privileges:true] by hand'}
    }

    return appendToBlockSeq(ctx.yaml!, opts, NNP) ?? {refuse: 'security_opt is written in a form khaos does not edit; add no-new-privileges:true by hand'}
  }

  if (opts !== undefined && opts !== null) return {refuse: 'security_opt is not a list; add no-new-privileges:true by hand'}
  return (
    (svc.flow ? addToFlowMap(ctx.yaml!, svc, `security_opt: [${NNP}]`) : appendToBlockMap(ctx.yaml!, svc, ['security_opt:', `  - ${NNP}`])) ?? {
      refuse: 'the service is written in a form khaos does not edit; add security_opt: [no-new-privileges:true] by hand',
    }
  )
}

/**
 * F7's hardening finding names every service of a project that lacks no-new-privileges, cap_drop [ALL] or read_only.
 * no-new-privileges is added to each of them; cap_drop and read_only break services that need a capability or write
 * their filesystem, so they stay with a human (the finding remains, smaller).
 */
const noNewPrivileges: Planner = (ctx) => {
  const text = `${ctx.finding.evidence} ${ctx.finding.message}`
  if (!/no-new-privileges/i.test(text)) return undefined
  const services = ctx.yaml?.doc.get('services', true)
  const names = ctx.finding.services?.length
    ? ctx.finding.services
    : [ctx.finding.service ?? /^([\w.-]+): /.exec(ctx.finding.evidence)?.[1]].filter((n): n is string => Boolean(n))
  const edits: TextEdit[] = []
  const elsewhere: string[] = []
  const refusals: string[] = []
  for (const name of names) {
    const svc = isMap(services) ? services.get(name, true) : undefined
    if (!isMap(svc)) {
      elsewhere.push(name)
      continue
    }

    const edit = addNoNewPrivileges(ctx, svc)
    if (edit && 'refuse' in edit) refusals.push(`${name}: ${edit.refuse}`)
    else if (edit) edits.push(edit)
  }

  const others = /cap_drop|read_only/.test(ctx.finding.evidence)
    ? 'cap_drop: [ALL] and read_only: true need a human: they break services that need a capability or write to their filesystem'
    : undefined
  const remains =
    [others, elsewhere.length > 0 ? `${elsewhere.join(', ')} not defined in this file` : undefined, ...refusals].filter(Boolean).join('; ') || undefined
  if (edits.length === 0) return remains ? {refuse: remains} : undefined
  return {
    caveat: 'setuid programs in the image (sudo, su) stop gaining privileges',
    did: `no-new-privileges:true for ${edits.length} service(s)`,
    edits,
    remains,
  }
}

// ---- Traefik static settings (F3, F5) -----------------------------------------------------------------------

interface TraefikSetting {
  /** `--providers.docker.exposedByDefault` as a command-line flag (case-insensitive). */
  flag: string
  env: string
  /** YAML path and TOML table + key. */
  path: string[]
  safe: 'false'
  /** Flags that switch the feature on, after which the setting is added (`--providers.docker`). */
  enablers?: RegExp
}

function flagPlanner(setting: TraefikSetting, did: string, caveat: string, refuseOther?: string): Planner {
  const flagRe = new RegExp(`^${setting.flag.replace(/\./g, '\\.')}(=.*)?$`, 'i')
  const envRe = new RegExp(`^${setting.env}(=.*)?$`, 'i')
  const leaf = setting.path.at(-1)!
  return (ctx) => {
    if (ctx.isToml) return tomlSetting(ctx, setting, did, caveat) ?? (refuseOther ? {refuse: refuseOther} : undefined)
    if (!ctx.yaml) return undefined
    for (const {ancestors, node} of nodesOnLine(ctx.yaml, ctx.finding.line)) {
      if (isScalar(node) && isSeq(ancestors.at(-1))) {
        const value = scalarText(node)
        const key = collectionKey(ancestors)
        if ((key === 'command' || key === 'entrypoint' || key === 'args') && flagRe.test(value))
          return ok([replaceScalar(node, `${setting.flag}=${setting.safe}`)], did, caveat)
        if ((key === 'command' || key === 'args') && setting.enablers?.test(value)) {
          return ok([insertSeqItemAfter(ctx.yaml, ancestors.at(-1) as YAMLSeq, node, `${setting.flag}=${setting.safe}`)], did, caveat)
        }

        if (key === 'environment' && envRe.test(value)) return ok([replaceScalar(node, `${value.split('=')[0]}=${setting.safe}`)], did, caveat)
      }

      if (isPair(node)) {
        const name = keyName(node) ?? ''
        const value = node.value as Node | null
        if (name.toUpperCase() === setting.env && isScalar(value))
          return ok([{...replaceScalar(value, setting.safe), text: value.type === 'PLAIN' ? setting.safe : `"${setting.safe}"`}], did, caveat)
        if (name.toLowerCase() === leaf.toLowerCase() && isScalar(value)) return ok([{...replaceScalar(value, setting.safe), text: setting.safe}], did, caveat)
        const parent = setting.path.at(-2)
        if (parent && name.toLowerCase() === parent.toLowerCase()) {
          if (value === null || (isScalar(value) && value.value === null)) return ok([addUnderKey(ctx.yaml, node, `${leaf}: ${setting.safe}`)], did, caveat)
          if (isMap(value))
            return ok(
              [value.flow ? addToFlowMap(ctx.yaml, value, `${leaf}: ${setting.safe}`) : appendToBlockMap(ctx.yaml, value, [`${leaf}: ${setting.safe}`])],
              did,
              caveat,
            )
        }
      }
    }

    return refuseOther ? {refuse: refuseOther} : undefined
  }
}

/** TOML static configuration: the `[table]` that holds (or should hold) the key, edited line by line. */
function tomlSetting(ctx: PlanContext, setting: TraefikSetting, did: string, caveat: string): Plan {
  const lines = ctx.text.split('\n')
  const table = setting.path.slice(0, -1).join('.').toLowerCase()
  const leaf = setting.path.at(-1)!
  let header = -1
  for (let i = Math.min(ctx.finding.line, lines.length) - 1; i >= 0; i--) {
    const m = /^\s*\[([^\]]+)\]\s*(#.*)?\r?$/.exec(lines[i])
    if (m) {
      if (m[1].trim().toLowerCase() === table) header = i
      break
    }
  }

  if (header < 0) return undefined
  const offsetOf = (line: number) => lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0)
  let end = header + 1
  while (end < lines.length && !/^\s*\[/.test(lines[end])) end++
  for (let i = header + 1; i < end; i++) {
    const m = new RegExp(`^(\\s*${leaf}\\s*=\\s*)([^#\\r]*?)(\\s*(#.*)?\\r?)$`, 'i').exec(lines[i])
    if (m) {
      const start = offsetOf(i) + m[1].length
      return {caveat, did, edits: [{end: start + m[2].length, start, text: setting.safe}]}
    }
  }

  const next = lines.slice(header + 1, end).find((l) => /^\s*\w/.test(l))
  const indent = next ? /^\s*/.exec(next)![0] : `${/^\s*/.exec(lines[header])![0]}  `
  const at = offsetOf(header + 1)
  const nl = lines[header].endsWith('\r') ? '\r\n' : '\n'
  return {caveat, did, edits: [{end: at, start: at, text: `${indent}${leaf} = ${setting.safe}${nl}`}]}
}

const exposedByDefault = flagPlanner(
  {
    enablers: /^--providers\.docker(=true)?$|^--providers\.docker\./i,
    env: 'TRAEFIK_PROVIDERS_DOCKER_EXPOSEDBYDEFAULT',
    flag: '--providers.docker.exposedByDefault',
    path: ['providers', 'docker', 'exposedByDefault'],
    safe: 'false',
  },
  'exposedByDefault=false',
  'containers are routed only with the label traefik.enable=true; add it to each service Traefik should serve',
)

const apiSecure = flagPlanner(
  {env: 'TRAEFIK_API_INSECURE', flag: '--api.insecure', path: ['api', 'insecure'], safe: 'false'},
  'api.insecure=false',
  'the dashboard is no longer served on :8080; route api@internal through an authenticated router if you use it',
  'the API or dashboard is routed without an auth middleware: choosing basicAuth, forwardAuth or an IP allow-list needs a human',
)

// ---- pin-action-sha (F32) -----------------------------------------------------------------------------------

/** The key a pin is given under: `owner/repo@ref` for actions and reusable workflows, `docker://image:tag` for images. */
export function pinKey(uses: string): {key: string; ref: string; docker: boolean} | undefined {
  if (uses.startsWith('docker://')) return uses.includes('@') ? undefined : {docker: true, key: uses, ref: ''}
  const m = /^([^/@\s]+)\/([^/@\s]+)((?:\/[^@\s]*)?)@([^\s]+)$/.exec(uses)
  return m ? {docker: false, key: `${m[1]}/${m[2]}@${m[4]}`, ref: m[4]} : undefined
}

const pinActionSha: Planner = (ctx) => {
  const hit = pairOnLine(ctx, /^uses$/)
  const value = hit?.pair.value as Node | undefined
  if (!hit || !isScalar(value)) return undefined
  const uses = scalarText(value)
  const parsed = pinKey(uses)
  if (!parsed) return {refuse: `"${uses}" is not an owner/repo@ref or docker://image reference khaos can pin`}
  const pin = ctx.options.pins.get(parsed.key)
  const hint = parsed.docker ? `${parsed.key}=sha256:<digest>` : `${parsed.key}=<40-hex commit sha>`
  if (!pin) return {pin: parsed.key, refuse: `no pin given for ${parsed.key}: pass --pin ${hint} (khaos never looks a SHA up online)`}
  if (parsed.docker) return ok([replaceScalar(value as Scalar, `${uses}@${pin}`)], `pin to ${pin.slice(0, 19)}…`)
  const pinned = uses.replace(/@[^@]+$/, `@${pin}`)
  const edit = replaceScalar(value as Scalar, pinned)
  // Keep the human-readable ref as a comment, as Dependabot and Renovate do, unless the line has one already.
  const rest = ctx.text.slice(edit.end, ctx.text.indexOf('\n', edit.end) === -1 ? ctx.text.length : ctx.text.indexOf('\n', edit.end))
  const comment = /^\s*\r?$/.test(rest) && !(value as Scalar).type?.startsWith('BLOCK') ? ` # ${parsed.ref}` : ''
  return ok([{...edit, text: edit.text + comment}], `pin to ${pin.slice(0, 12)}`)
}

// ---- grafana-lockdown (F21) --------------------------------------------------------------------------------

const GRAFANA_ENV = /^(GF_AUTH_ANONYMOUS_ENABLED|GF_USERS_ALLOW_SIGN_UP)$/i

/** `key = value` on the finding's line of an INI file (grafana.ini), the value set to `value`. */
function iniAssignment(ctx: PlanContext, key: RegExp, value: string): TextEdit | undefined {
  const lines = ctx.text.split('\n')
  const line = lines[ctx.finding.line - 1]
  const m = line === undefined ? null : new RegExp(`^(\\s*(?:${key.source})\\s*=\\s*)([^;#\\r]*?)(\\s*([;#].*)?\\r?)$`, 'i').exec(line)
  if (!m) return undefined
  const start = lines.slice(0, ctx.finding.line - 1).reduce((n, l) => n + l.length + 1, 0) + m[1].length
  return {end: start + m[2].length, start, text: value}
}

const grafanaLockdown: Planner = (ctx) => {
  const caveat = 'viewers need an account (or a viewer service-account token for a wallboard)'
  if (!ctx.yaml) {
    const edit = /\.ini$/i.test(ctx.finding.file) ? iniAssignment(ctx, /enabled|allow_sign_up/, 'false') : undefined
    return edit ? {caveat, did: 'set to false', edits: [edit]} : undefined
  }

  for (const {ancestors, node} of nodesOnLine(ctx.yaml, ctx.finding.line)) {
    if (isPair(node) && GRAFANA_ENV.test(keyName(node) ?? '') && isScalar(node.value)) {
      const value = node.value as Scalar
      return ok(
        [{...replaceScalar(value, 'false'), text: value.type === 'PLAIN' ? 'false' : value.type === 'QUOTE_SINGLE' ? "'false'" : '"false"'}],
        `${keyName(node)}: false`,
        caveat,
      )
    }

    if (isScalar(node) && collectionKey(ancestors) === 'environment') {
      const [name] = scalarText(node).split('=')
      if (GRAFANA_ENV.test(name)) return ok([replaceScalar(node, `${name}=false`)], `${name}=false`, caveat)
    }
  }

  return undefined
}

// ---- checkout-no-persist (F17) ------------------------------------------------------------------------------

const checkoutNoPersist: Planner = (ctx) => {
  const hit = pairOnLine(ctx, /^uses$/)
  const step = hit?.ancestors.at(-1)
  if (!hit || !isMap(step) || !/^actions\/checkout@/.test(scalarText(hit.pair.value as Scalar))) return undefined
  const caveat = 'later steps that push with git (tags, commits) must authenticate themselves'
  const withMap = step.get('with', true)
  if (isMap(withMap)) {
    const persist = withMap.get('persist-credentials', true)
    if (isScalar(persist)) return ok([{...replaceScalar(persist, 'false'), text: 'false'}], 'persist-credentials: false', caveat)
    return ok(
      [withMap.flow ? addToFlowMap(ctx.yaml!, withMap, 'persist-credentials: false') : appendToBlockMap(ctx.yaml!, withMap, ['persist-credentials: false'])],
      'persist-credentials: false',
      caveat,
    )
  }

  if (withMap !== undefined && withMap !== null) return {refuse: "the step's with: is not a mapping; add persist-credentials: false by hand"}
  return ok(
    [
      step.flow
        ? addToFlowMap(ctx.yaml!, step, 'with: {persist-credentials: false}')
        : appendToBlockMap(ctx.yaml!, step, ['with:', '  persist-credentials: false']),
    ],
    'persist-credentials: false',
    caveat,
  )
}

export const PLANNERS: Record<FixKind, Planner> = {
  'checkout-no-persist': checkoutNoPersist,
  'grafana-lockdown': grafanaLockdown,
  'bind-loopback': bindLoopback,
  'mount-read-only': mountReadOnly,
  'no-new-privileges': noNewPrivileges,
  'pin-action-sha': pinActionSha,
  'private-propagation': privatePropagation,
  'remove-privileged': removePrivileged,
  'remove-unconfined': removeUnconfined,
  'traefik-api-secure': apiSecure,
  'traefik-exposed-by-default': exposedByDefault,
}
