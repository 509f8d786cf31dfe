// F34, MinIO public bucket (anonymous policy, policy JSON allowing *): the detector of trials/F34-minio-public-bucket/trial.yaml.
import type {ProjectModel} from '../model/index.js'
import type {Detector, RawFinding} from '../types.js'
import {httpLocal, LOOPBACK, loopbackPorts} from './probes.js'
import {servicesOf} from './products.js'
import {lineNumberAt, matchLines} from './util.js'

const SKIP_FILE = /\.(md|markdown|rst|txt|adoc|html?)$/i
const ANON_ACCESS = new Set(['public', 'download', 'upload'])
// `mc anonymous set download ALIAS/BUCKET`, and the deprecated `mc policy [set] public ALIAS/BUCKET`.
const MC_PUBLIC = /\bmc\s+(?:anonymous\s+set|policy\s+set|policy)\s+(public|download|upload)\s+["']?([\w.-]+\/[\w./-]*)/g

interface Statement {
  Effect?: unknown
  Principal?: unknown
  Action?: unknown
  Condition?: unknown
}

function principalIsEveryone(p: unknown): boolean {
  if (p === '*') return true
  if (p && typeof p === 'object' && !Array.isArray(p)) {
    const aws = (p as {AWS?: unknown}).AWS
    return aws === '*' || (Array.isArray(aws) && aws.includes('*'))
  }

  return false
}

function s3Actions(a: unknown): string[] {
  const list = Array.isArray(a) ? a : [a]
  return list.filter((x): x is string => typeof x === 'string' && /^(s3:\*|\*|s3:(Get|List|Put|Delete)\w*)$/i.test(x))
}

const detector: Detector = {
  detect(model) {
    const out: RawFinding[] = []
    for (const f of model.files) {
      if (SKIP_FILE.test(f.path)) continue
      if (f.text.includes('mc ')) {
        for (const {line, match} of matchLines(f.text, MC_PUBLIC)) {
          // A commented-out command (shell `#`, code `//`, doc `*`) is not run.
          const lineStart = f.text.lastIndexOf('\n', match.index) + 1
          if (/^\s*(#|\/\/|\*)/.test(f.text.slice(lineStart, match.index))) continue
          const [, access, target] = match
          out.push({
            evidence: `mc anonymous ${access} on ${target}`,
            file: f.path,
            line,
            message: `bucket ${target} gets anonymous ${access} access: anyone reaching MinIO can ${access === 'download' ? 'list and read' : access === 'upload' ? 'write' : 'read and write'} its objects without credentials`,
          })
        }
      }

      if (/\.json$/i.test(f.path) && f.text.includes('"Statement"') && f.text.includes('"Principal"')) {
        let doc: {Statement?: unknown}
        try {
          doc = JSON.parse(f.text) as {Statement?: unknown}
        } catch {
          continue
        }

        const statements = (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]) as Statement[]
        const principalAt = [...f.text.matchAll(/"Principal"/g)].map((m) => lineNumberAt(f.text, m.index ?? 0))
        let withPrincipal = 0
        for (const st of statements) {
          if (!st || typeof st !== 'object' || !('Principal' in st)) continue
          const line = principalAt[withPrincipal++] ?? 1
          const actions = s3Actions(st.Action)
          // A Condition (source IP, referer …) narrows who "*" is; not judged here.
          if (st.Effect !== 'Allow' || !principalIsEveryone(st.Principal) || st.Condition !== undefined || actions.length === 0) continue
          out.push({
            evidence: `bucket policy allows Principal * ${actions.join(',')}`,
            file: f.path,
            line,
            message: `the bucket policy grants ${actions.join(', ')} to everyone (Principal "*", no Condition)`,
          })
        }
      }
    }

    // Bitnami's MINIO_DEFAULT_BUCKETS=name[:policy],…
    for (const svc of model.services) {
      for (const e of svc.environment) {
        if (e.name !== 'MINIO_DEFAULT_BUCKETS' || !e.value) continue
        for (const entry of e.value.split(/[,;\s]+/)) {
          const [bucket, policy] = entry.split(':')
          if (!policy || !ANON_ACCESS.has(policy.toLowerCase())) continue
          out.push({
            service: svc.name,
            evidence: `${svc.name}: MINIO_DEFAULT_BUCKETS ${bucket}:${policy}`,
            file: e.file,
            line: e.line,
            message: `bucket ${bucket} is created with anonymous ${policy} access`,
          })
        }
      }
    }

    return out
  },

  async live({model, timeoutMs}) {
    const out: RawFinding[] = []
    const buckets = bucketNames(model)
    for (const svc of servicesOf(model, 'minio')) {
      for (const {hostPort: port, port: p} of loopbackPorts(svc, [9000])) {
        const root = await httpLocal(port, '/', {timeoutMs})
        if (root?.status === 200 && root.body.includes('<ListAllMyBucketsResult')) {
          out.push({
            service: svc.name,
            evidence: `live: minio ${LOOPBACK}:${port} lists all buckets anonymously`,
            file: p.file,
            line: p.line,
            message: `MinIO "${svc.name}" answered an anonymous ListBuckets on ${LOOPBACK}:${port}`,
          })
        }

        for (const bucket of buckets) {
          const reply = await httpLocal(port, `/${encodeURIComponent(bucket)}?list-type=2&max-keys=1`, {timeoutMs})
          if (reply?.status !== 200 || !reply.body.includes('<ListBucketResult')) continue
          out.push({
            service: svc.name,
            evidence: `live: minio ${LOOPBACK}:${port} lists bucket ${bucket} anonymously`,
            file: p.file,
            line: p.line,
            message: `MinIO "${svc.name}" lists the objects of bucket ${bucket} to an anonymous request on ${LOOPBACK}:${port}`,
          })
        }
      }
    }

    return out
  },
}

/** Bucket names the project mentions: `mc mb`/`mc anonymous` targets, MINIO_DEFAULT_BUCKETS, policy ARNs. */
export function bucketNames(model: ProjectModel): string[] {
  const names = new Set<string>()
  const valid = (b: string) => /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(b)
  for (const f of model.files) {
    if (SKIP_FILE.test(f.path)) continue
    for (const m of f.text.matchAll(/\bmc\s+(?:mb|anonymous\s+set(?:-json)?|policy\s+set)\b([^;\n&|]*)/g)) {
      for (const target of m[1].matchAll(/(?<![\w./-])[\w.-]+\/([a-z0-9][a-z0-9.-]*)/g)) if (valid(target[1])) names.add(target[1])
    }

    for (const m of f.text.matchAll(/arn:aws:s3:::([a-z0-9][a-z0-9.-]*)/g)) if (valid(m[1])) names.add(m[1])
  }

  for (const svc of model.services) {
    for (const e of svc.environment) {
      if (e.name === 'MINIO_DEFAULT_BUCKETS' && e.value)
        for (const entry of e.value.split(/[,;\s]+/)) if (valid(entry.split(':')[0])) names.add(entry.split(':')[0])
    }
  }

  return [...names].sort()
}

export default detector
