import {hostname, userInfo} from 'node:os'
import {dirname, isAbsolute, join, resolve} from 'node:path'

import {findConfigFile, loadConfig} from '../shared/config.js'
import {ExitCode} from '../shared/errors.js'
import {oneLine} from '../shared/text.js'
import {AUDIT_FILE, appendAudit, artifactsOf, type AuditSettings, redactArgs} from './log.js'

const DEFAULT_AUDIT = {enabled: true, keep: 5, max_bytes: 10 * 1024 * 1024}

function settingsFrom(
  stateRoot: string,
  audit: {enabled: boolean; keep: number; max_bytes: number; path?: string},
  file: string | undefined,
  env: NodeJS.ProcessEnv,
): AuditSettings & {enabled: boolean} {
  let path = join(stateRoot, AUDIT_FILE)
  if (env.KHAOS_AUDIT_LOG) path = resolve(env.KHAOS_AUDIT_LOG)
  else if (audit.path && file) path = isAbsolute(audit.path) ? audit.path : resolve(dirname(file), audit.path)
  return {enabled: audit.enabled, keep: audit.keep, maxBytes: audit.max_bytes, path}
}

/**
 * Where the audit log is and how it rotates: $KHAOS_AUDIT_LOG, else `audit.path` in khaos.yaml (relative to
 * the file), else <state root>/audit.jsonl. khaos.yaml is read only when there is one, so the common case
 * costs a stat.
 */
export async function auditSettings(stateRoot: string, env: NodeJS.ProcessEnv = process.env): Promise<AuditSettings & {enabled: boolean}> {
  const file = findConfigFile({stateRoot}, env)
  const config = file ? await loadConfig({file, stateRoot}, env) : undefined
  return settingsFrom(stateRoot, config?.audit ?? DEFAULT_AUDIT, file, env)
}

function currentUser(env: NodeJS.ProcessEnv): string {
  try {
    return userInfo().username
  } catch {
    // No passwd entry (some containers): the environment is the best there is.
    return env.USER ?? env.LOGNAME ?? String(process.getuid?.() ?? 'unknown')
  }
}

export interface CommandOutcome {
  command: string
  argv: string[]
  stateRoot: string
  startedAt: number
  exitCode: number
  error?: unknown
  result?: unknown
  version: string
}

/**
 * Appends the audit line for one finished command. Never throws: a failure is one warning on stderr.
 * Synchronous when there is no khaos.yaml (the common case), so nothing can interleave after the command.
 */
export function recordCommand(outcome: CommandOutcome, env: NodeJS.ProcessEnv = process.env): Promise<void> | void {
  const warn = (error: unknown) => {
    process.stderr.write(`warning: audit log not written: ${oneLine((error as Error).message ?? String(error))}\n`)
  }

  try {
    const file = findConfigFile({stateRoot: outcome.stateRoot}, env)
    if (!file) return append(outcome, settingsFrom(outcome.stateRoot, DEFAULT_AUDIT, undefined, env), env)
    return loadConfig({file, stateRoot: outcome.stateRoot}, env)
      .then((config) => append(outcome, settingsFrom(outcome.stateRoot, config.audit, file, env), env))
      .catch(warn)
  } catch (error) {
    warn(error)
  }
}

function append(outcome: CommandOutcome, settings: AuditSettings & {enabled: boolean}, env: NodeJS.ProcessEnv): void {
  if (!settings.enabled) return
  const exit = outcome.exitCode
  appendAudit(
    {
      args: redactArgs(outcome.argv),
      artifacts: exit === ExitCode.ok || exit === ExitCode.checkFailed ? artifactsOf(outcome.result) : [],
      command: outcome.command.replace(/:/g, ' '),
      cwd: process.cwd(),
      durationMs: Date.now() - outcome.startedAt,
      exit,
      host: hostname(),
      pid: process.pid,
      result: exit === 0 ? 'ok' : exit === 1 ? 'failed' : 'error',
      time: new Date().toISOString(),
      user: currentUser(env),
      version: outcome.version,
    },
    settings,
  )
}
