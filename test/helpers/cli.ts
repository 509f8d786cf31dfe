import {execa} from 'execa'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

/** The project root (where package.json is). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
/** The real entry point users run: the built CLI through its bin script and the oclif manifest. */
export const BIN = join(ROOT, 'bin', 'run.js')
/** Shared corpora (../shared from the project root); absent in a user's own clone. */
export const SHARED = resolve(ROOT, '..', 'shared')

export interface RunResult {
  exitCode: number
  stderr: string
  stdout: string
}

export interface RunOptions {
  /** Another entry script (a copy of the package); default BIN. */
  bin?: string
  cwd?: string
  env?: Record<string, string | undefined>
  input?: string | Uint8Array
  timeout?: number
}

let auditDir: string | undefined
/**
 * The audit log of every state-changing command run by the tests: one temp file per test process (removed
 * at exit), unless a test sets KHAOS_HOME or KHAOS_AUDIT_LOG itself; never the user's own state root.
 */
function testAuditLog(): string {
  if (!auditDir) {
    const dir = mkdtempSync(join(tmpdir(), 'khaos-test-audit-'))
    auditDir = dir
    process.once('exit', () => rmSync(dir, {force: true, recursive: true}))
  }

  return join(auditDir, 'audit.jsonl')
}

/**
 * Runs `khaos ARGS` as a user would: a child process, no TTY, CI set, colour off, and a private
 * KHAOS_HOME unless the caller passes one. Never throws on a non-zero exit: tests assert on it.
 */
export async function khaos(args: string[], options: RunOptions = {}): Promise<RunResult> {
  const result = await execa('node', [options.bin ?? BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: {CI: 'true', NO_COLOR: '1', ...(options.env?.KHAOS_HOME || options.env?.KHAOS_AUDIT_LOG ? {} : {KHAOS_AUDIT_LOG: testAuditLog()}), ...options.env},
    extendEnv: true,
    input: options.input,
    reject: false,
    stdin: options.input === undefined ? 'ignore' : undefined,
    timeout: options.timeout ?? 60_000,
  })
  return {exitCode: result.exitCode ?? -1, stderr: String(result.stderr), stdout: String(result.stdout)}
}

/** A fresh temporary directory, removed by the returned cleanup. */
export function tempDir(prefix = 'khaos-test-'): {cleanup: () => void; path: string} {
  const path = mkdtempSync(join(tmpdir(), prefix))
  return {cleanup: () => rmSync(path, {force: true, recursive: true}), path}
}
