import {spawnSync} from 'node:child_process'

/** Which of `names` are not on PATH, as bash sees them (`command -v`, builtins included): one bash for all. */
export function toolsNotOnPath(names: string[]): Set<string> {
  const unique = [...new Set(names)]
  if (unique.length === 0) return new Set()
  const result = spawnSync('bash', ['-c', 'for t in "$@"; do command -v "$t" >/dev/null 2>&1 || printf "%s\\n" "$t"; done', '_', ...unique], {
    encoding: 'utf8',
    timeout: 10_000,
  })
  if (result.error || result.status !== 0) return new Set(unique)
  return new Set(result.stdout.split('\n').filter(Boolean))
}
