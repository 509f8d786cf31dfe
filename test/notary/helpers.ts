import {spawnSync} from 'node:child_process'
import {mkdirSync, readFileSync, readdirSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'

/** Runs an external tool (signify-openbsd, minisign, sha256sum) and returns its exit status and output. */
export function tool(command: string, args: string[], options: {cwd?: string; input?: string} = {}): {output: string; status: number} {
  const result = spawnSync(command, args, {cwd: options.cwd, encoding: 'utf8', input: options.input ?? '', timeout: 60_000})
  if (result.error) throw result.error
  return {output: `${result.stdout}${result.stderr}`, status: result.status ?? -1}
}

export function hasTool(command: string, probe: string[]): boolean {
  const result = spawnSync(command, probe, {encoding: 'utf8'})
  return !result.error
}

/** A base directory with a few real artifacts, one in a subdirectory, one binary. */
export function makeArtifacts(base: string): string[] {
  const files: Record<string, Buffer | string> = {
    'README.md': '# release notes\n\nline two\n',
    'bin/tool.bin': Buffer.from(Array.from({length: 70_000}, (_, i) => (i * 7919) % 256)),
    'empty.txt': '',
  }
  for (const [name, data] of Object.entries(files)) {
    mkdirSync(dirname(join(base, name)), {recursive: true})
    writeFileSync(join(base, name), data)
  }

  return Object.keys(files)
}

/** Every file under `dir` (relative path → base64 content), to compare two notary directories byte for byte. */
export function readTree(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {}
  for (const entry of readdirSync(join(dir, prefix), {withFileTypes: true})) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name
    if (entry.isDirectory()) Object.assign(out, readTree(dir, rel))
    else out[rel] = readFileSync(join(dir, rel)).toString('base64')
  }

  return out
}
