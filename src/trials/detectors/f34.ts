import type {Detector, RawFinding} from '../types.js'
import {lineNumberAt, matchLines} from './util.js'

const SKIP_FILE = /\.(md|markdown|rst|txt|adoc|html?)$/i
const ANON_ACCESS = new Set(['public', 'download', 'upload'])
// `mc anonymous set download ALIAS/BUCKET`, and the deprecated `mc policy [set] public ALIAS/BUCKET`.
const MC_PUBLIC = /\bmc\s+(?:anonymous\s+set|policy\s+set|policy)\s+(public|download|upload)\s+["']?([\w.-]+\/[\w.\/-]*)/g

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

export const detector: Detector = {
  detect(model) {
    const out: RawFinding[] = []
    for (const f of model.files) {
      if (SKIP_FILE.test(f.path)) continue
      if (f.text.includes('mc ')) {
        for (const {line, match} of matchLines(f.text, MC_PUBLIC)) {
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
          out.push({evidence: `${svc.name}: MINIO_DEFAULT_BUCKETS ${bucket}:${policy}`, file: e.file, line: e.line, message: `bucket ${bucket} is created with anonymous ${policy} access`})
        }
      }
    }

    return out
  },
}
