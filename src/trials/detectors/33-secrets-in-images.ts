// F33, Secrets baked into images, image runs as root: the detector of trials/F33-secrets-in-images/trial.yaml.
import {posix} from 'node:path'

import {isRecord, str} from '../model/yaml.js'
import type {Detector, RawFinding} from '../types.js'
import {isLiteralPassword, redact, secretWordName} from './secrets.js'

// Files that are credentials by name (.env files are F13's: it reports them copied into images).
const SECRET_FILE =
  /(^|\/)(\.npmrc|\.pypirc|\.netrc|\.git-credentials|credentials(\.json)?|id_(rsa|dsa|ecdsa|ed25519)|[^/]*\.(pem|key|p12|pfx|jks))$|(^|\/)\.(ssh|aws|docker|gnupg)(\/|$)/
// Token shapes that are credentials wherever they appear.
const TOKEN_SHAPES =
  /\b(ghp_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{60,}|gh[ousr]_[A-Za-z0-9]{36}|glpat-[A-Za-z0-9_-]{20}|xox[baprs]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}|sk-(?:proj-)?[A-Za-z0-9_-]{32,}|npm_[A-Za-z0-9]{36}|hvs\.[A-Za-z0-9_-]{24,})\b/

// Entrypoints that start as root only to switch user: gosu, su-exec, setpriv, s6's setuidgid, runuser, chpst.
const PRIVILEGE_DROP = /\b(gosu|su-exec|setpriv\s+--reuid|s6-setuidgid|setuidgid|runuser|chpst\s+-u|chroot\s+--userspec)\b/
// Bases that run as a non-root user already, or whose official entrypoint drops privileges (postgres → gosu postgres).
const NON_ROOT_BASE =
  /^(?:docker\.io\/)?(?:library\/)?(postgres|mysql|mariadb|mongo|redis|rabbitmq|memcached|elasticsearch|couchdb|cassandra|solr|zookeeper|grafana\/grafana[\w-]*|prom\/[\w-]+|bitnami\/[\w.-]+|lscr\.io\/linuxserver\/[\w.-]+|linuxserver\/[\w.-]+|gcr\.io\/distroless\/[\w./-]+:nonroot[\w.-]*)(:|@|$)/i

/**
 * Not a root process in practice: FROM scratch has no users to drop to (a static binary, nothing else in the
 * image), distroless/chainguard `nonroot` and rootless variants, and bases whose entrypoint switches user.
 */
function dropsPrivileges(image: string): boolean {
  const ref = image.toLowerCase()
  return ref === 'scratch' || /nonroot|rootless/.test(ref) || /^cgr\.dev\/chainguard\//.test(ref) || NON_ROOT_BASE.test(ref)
}

/** A .dockerignore pattern as a regex over context-relative paths (`*`, `**`, `?`; a match also covers what is below). */
function ignoreRegex(pattern: string): RegExp {
  const p = pattern.replace(/^\/+|\/+$/g, '')
  let re = ''
  for (let i = 0; i < p.length; i++) {
    const c = p[i]
    if (c === '*' && p[i + 1] === '*') {
      re += '.*'
      i++
      if (p[i + 1] === '/') i++
    } else if (c === '*') re += '[^/]*'
    else if (c === '?') re += '[^/]'
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&')
  }

  return new RegExp(`^${re}(/.*)?$`)
}

/** Is this context-relative path excluded by the .dockerignore text (last matching rule wins, `!` re-includes)? */
export function dockerIgnored(ignoreText: string | undefined, path: string): boolean {
  if (ignoreText === undefined) return false
  let ignored = false
  for (const raw of ignoreText.split(/\r?\n/)) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const negate = line.startsWith('!')
    if (ignoreRegex(negate ? line.slice(1) : line).test(path)) ignored = !negate
  }

  return ignored
}

/** `KEY=value KEY2=value` or `KEY value` (legacy) of an ENV/ARG instruction. */
function assignments(args: string): Array<{name: string; value?: string}> {
  const legacy = /^([A-Za-z_][\w.-]*)\s+([^=].*)$/.exec(args)
  if (legacy && !legacy[1].includes('=')) return [{name: legacy[1], value: legacy[2].trim()}]
  return [...args.matchAll(/([A-Za-z_][\w.-]*)(?:=("([^"]*)"|'([^']*)'|\S*))?/g)].map((m) => ({
    name: m[1],
    value: m[2] === undefined ? undefined : (m[3] ?? m[4] ?? m[2]),
  }))
}

const detector: Detector = {
  detect(model) {
    const out: RawFinding[] = []
    // Dockerfiles whose compose service sets a non-root `user:`.
    const runAsNonRoot = new Set<string>()
    for (const svc of model.services) {
      const user = str(svc.fields.get('user')?.value)
      if (!user || /^(root|0)(:|$)/.test(user)) continue
      const build = svc.fields.get('build')?.value
      const context = typeof build === 'string' ? build : isRecord(build) ? (str(build.context) ?? '.') : undefined
      if (context === undefined) continue
      const dockerfile = isRecord(build) ? (str(build.dockerfile) ?? 'Dockerfile') : 'Dockerfile'
      runAsNonRoot.add(posix.normalize(posix.join(svc.project, context, dockerfile)))
    }

    // Credential-named files of the whole tree (binary ones too), found once; each `COPY .` filters its context.
    let candidates: string[] | undefined
    for (const df of model.dockerfiles) {
      let lastFrom: {line: number; image: string} | undefined
      let user: {line: number; value: string} | undefined
      for (const ins of df.instructions) {
        if (ins.keyword === 'FROM') {
          lastFrom = {image: ins.args.split(/\s+/).find((w) => !w.startsWith('--')) ?? '', line: ins.line}
          user = undefined
        } else if (ins.keyword === 'USER') {
          user = {line: ins.line, value: ins.args.trim()}
        } else if (ins.keyword === 'ENV' || ins.keyword === 'ARG') {
          for (const {name, value} of assignments(ins.args)) {
            if (!secretWordName(name)) continue
            const literal = value !== undefined && isLiteralPassword(value)
            out.push({
              evidence: `${ins.keyword} ${name}${literal ? `=${redact(value)}` : ''}`,
              file: df.path,
              line: ins.line,
              message:
                ins.keyword === 'ENV'
                  ? `ENV ${name} ${literal ? 'bakes a literal secret into' : 'stores a secret in'} the image config (docker inspect shows it): use a secret mount or a *_FILE variable`
                  : `build argument ${name} is recorded in the image history of every RUN that uses it: use RUN --mount=type=secret`,
            })
          }
        } else if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
          const words = ins.args.split(/\s+/).filter((w) => !w.startsWith('--'))
          // `COPY . …` sends the whole build context: credential files in it ship unless .dockerignore drops them.
          if (!/--from=/.test(ins.args) && words.slice(0, -1).some((w) => w === '.' || w === './')) {
            const context = posix.dirname(df.path) === '.' ? '' : posix.dirname(df.path)
            const ignore = model.text(context ? `${context}/.dockerignore` : '.dockerignore')
            candidates ??= [...model.files.map((f) => f.path), ...model.skipped.map((f) => f.path)].filter((p) => SECRET_FILE.test(p))
            const inContext = candidates.filter((p) => context === '' || p.startsWith(`${context}/`)).map((p) => (context ? p.slice(context.length + 1) : p))
            const leaked = [...new Set(inContext.filter((p) => SECRET_FILE.test(p) && !dockerIgnored(ignore, p)))].sort()
            if (leaked.length > 0) {
              out.push({
                evidence: `${ins.keyword} . copies ${leaked.slice(0, 3).join(', ')}${leaked.length > 3 ? ` (+${leaked.length - 3})` : ''}`,
                file: df.path,
                line: ins.line,
                message: `the build context includes ${leaked.join(', ')} and no .dockerignore rule excludes ${leaked.length === 1 ? 'it' : 'them'}: ${ins.keyword} . bakes ${leaked.length === 1 ? 'it' : 'them'} into the image`,
              })
            }
          }

          for (const source of words.slice(0, -1)) {
            if (!SECRET_FILE.test(source.replace(/\/+$/, ''))) continue
            out.push({
              evidence: `${ins.keyword} ${source}`,
              file: df.path,
              line: ins.line,
              message: `${source} is copied into the image: the credential ships with every copy of it, even if a later layer deletes it`,
            })
          }
        }

        const token = TOKEN_SHAPES.exec(ins.args)
        if (token)
          out.push({
            evidence: `${ins.keyword} contains a token ${redact(token[1])}`,
            file: df.path,
            line: ins.line,
            message: `a ${token[1].slice(0, 4)}… token is written into the Dockerfile: it is in the image history and in git`,
          })
      }

      if (!lastFrom || runAsNonRoot.has(df.path)) continue
      if (
        !user &&
        (dropsPrivileges(lastFrom.image) ||
          df.instructions.some((i) => i.line > lastFrom!.line && /^(RUN|ENTRYPOINT|CMD)$/.test(i.keyword) && PRIVILEGE_DROP.test(i.args)))
      )
        continue
      const root = !user || /^(root|0)(:|$)/.test(user.value)
      if (!root) continue
      out.push({
        evidence: user ? `final stage switches back to USER ${user.value}` : `final stage FROM ${lastFrom.image} has no USER (runs as root)`,
        file: df.path,
        line: user?.line ?? lastFrom.line,
        message: "the image's process runs as root: add `USER <uid>` at the end of the final stage or set `user:` in compose",
        severity: 'medium',
      })
    }

    return out
  },
}

export default detector
