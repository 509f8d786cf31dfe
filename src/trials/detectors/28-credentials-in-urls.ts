// F28, Credentials in URLs or query strings, access logs keeping Authorization: the detector of trials/F28-credentials-in-urls/trial.yaml.
import type {Detector, RawFinding} from '../types.js'
import {decodeUriSafe, isLiteralPassword, isLiteralToken, redact} from './secrets.js'
import {wouldBeCommitted} from './tracked.js'
import {matchLines} from './util.js'

// Prose, lockfiles and generated files carry example URLs and package URLs, not configuration.
const SKIP_FILE =
  /(\.(md|markdown|rst|txt|adoc|html?|svg|map|lock)|(^|\/)(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|go\.sum|Cargo\.lock|poetry\.lock|composer\.lock)|\.min\.js)$/i
// `.env` files are where secrets belong (F11/F13 judge whether they are kept out of git).
const ENV_FILE = /(^|\/)\.env(\.[\w.-]+)?$|\.env$/

const USERINFO = /\b([a-z][a-z0-9+.-]{1,20}):\/\/([^\s:@/'"<>`]*):([^\s@/'"<>`]+)@([^\s/'"<>`:?#]+)/gi
const QUERY = /[?&](token|access_token|auth_token|api_key|apikey|api-key|key|secret|client_secret|password|passwd|pwd|sig|signature)=([^&#\s'"<>`]+)/gi

const detector: Detector = {
  detect(model) {
    const out: RawFinding[] = []
    for (const f of model.files) {
      // requirements.txt is configuration (`git+https://user:token@…`), not prose.
      if ((SKIP_FILE.test(f.path) && !/(^|\/)requirements[\w.-]*\.txt$/.test(f.path)) || ENV_FILE.test(f.path)) continue
      const urls = f.text.includes('://')
      for (const {line, match} of urls ? matchLines(f.text, USERINFO) : []) {
        const [, scheme, user, password, host] = match
        if (!isLiteralPassword(decodeUriSafe(password))) continue
        out.push({
          evidence: `${scheme}://${user}:${redact(decodeUriSafe(password))}@${host}`,
          file: f.path,
          line,
          message: `a ${scheme} URL carries a literal password for ${user || 'the default user'}@${host}: it ends up in logs, process lists and history`,
        })
      }

      for (const {line, match} of f.text.includes('?') ? matchLines(f.text, QUERY) : []) {
        const [, name, raw] = match
        const value = decodeUriSafe(raw)
        const password = /^(password|passwd|pwd)$/i.test(name)
        if (password ? !isLiteralPassword(value) : !isLiteralToken(value)) continue
        out.push({
          evidence: `query parameter ${name}=${redact(value)}`,
          file: f.path,
          line,
          message: `a URL carries a literal ${name} in its query string: it is written to every access log and proxy on the way`,
        })
      }

      // nginx/apache log formats that write the Authorization header.
      if (/\.(conf|conf\.template)$/i.test(f.path)) {
        for (const {line} of matchLines(f.text, /^[ \t]*(log_format|LogFormat)\b.*(\$http_authorization|%\{Authorization\}i)/gim)) {
          out.push({
            evidence: 'access log format includes the Authorization header',
            file: f.path,
            line,
            message: "the access log format writes every request's Authorization header (credentials) to disk",
          })
        }
      }
    }

    // `DATABASE_URL: ${DATABASE_URL}` or `postgres://app:${DB_PASS}@db`: the credential comes from the project's .env,
    // which F28 does not read as a file; judge the interpolated value and report the .env line that holds it.
    const committed = new Map<string, boolean>()
    for (const svc of model.services) {
      for (const e of svc.environment) {
        if (e.origin !== 'environment' || e.value === null || e.raw === null || !e.value.includes('://') || !e.refs.some((r) => r.from)) continue
        USERINFO.lastIndex = 0
        for (const match of e.value.matchAll(USERINFO)) {
          const [, scheme, user, password, host] = match
          const secret = decodeUriSafe(password)
          if (!isLiteralPassword(secret) || e.raw.includes(password)) continue
          const source = e.refs.find(
            (r) => r.from && model.composeProjects.some((p) => p.varOrigins.get(r.name) === r.from && (p.vars.get(r.name) ?? '').includes(password)),
          )?.from
          if (!source) continue
          if (!committed.has(source.file)) committed.set(source.file, wouldBeCommitted(model, source.file))
          if (!committed.get(source.file)) continue
          out.push({
            evidence: `${svc.name}: ${scheme}://${user}:${redact(secret)}@${host} (from ${source.file}:${source.line})`,
            file: source.file,
            line: source.line,
            message: `${e.name} of service "${svc.name}" (${e.file}:${e.line}) becomes a ${scheme} URL with a literal password taken from ${source.file}, which is committed (or not ignored)`,
            service: svc.name,
          })
        }
      }
    }

    // Traefik: headers kept by default and Authorization not dropped/redacted, or kept explicitly.
    for (const st of model.traefik.statics) {
      const mode = st.settings.get('accesslog.fields.headers.defaultmode')
      const auth = st.settings.get('accesslog.fields.headers.names.authorization')
      const kept = auth ? auth.value.toLowerCase() === 'keep' : mode?.value.toLowerCase() === 'keep'
      if (!kept) continue
      const at = auth ?? mode!
      out.push({
        evidence: `traefik accessLog keeps the Authorization header (${auth ? 'names.Authorization' : 'headers.defaultMode'}=keep)`,
        file: at.file,
        line: at.line,
        message: "Traefik's access log keeps request headers including Authorization: every credential sent through the proxy is written to the log",
      })
    }

    return out
  },
}

export default detector
