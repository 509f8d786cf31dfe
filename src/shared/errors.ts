/**
 * Errors that carry khaos's exit-code contract:
 *   0 ok · 1 a check failed (verification, findings, drill) · 2 usage or input error · 70 a bug in khaos.
 * Core code throws these; the base command turns them into one clear line and the right exit code.
 */
export const ExitCode = {
  ok: 0,
  checkFailed: 1,
  usage: 2,
  internal: 70,
} as const

export class KhaosError extends Error {
  readonly exitCode: number
  readonly code: string
  readonly hint?: string

  constructor(message: string, options: {cause?: unknown; code?: string; exitCode?: number; hint?: string} = {}) {
    super(message, options.cause === undefined ? undefined : {cause: options.cause})
    this.name = new.target.name
    this.exitCode = options.exitCode ?? ExitCode.usage
    this.code = options.code ?? 'KHAOS_ERROR'
    this.hint = options.hint
  }
}

/** Bad flags, bad input files, refused overwrites: exit 2. */
export class InputError extends KhaosError {
  constructor(message: string, options: {cause?: unknown; code?: string; hint?: string} = {}) {
    super(message, {...options, code: options.code ?? 'INPUT', exitCode: ExitCode.usage})
  }
}

/** A check ran and said no (a signature, a drill answer, a finding): exit 1. */
export class CheckFailedError extends KhaosError {
  constructor(message: string, options: {cause?: unknown; code?: string; hint?: string} = {}) {
    super(message, {...options, code: options.code ?? 'CHECK_FAILED', exitCode: ExitCode.checkFailed})
  }
}

const systemMessages: Record<string, string> = {
  EACCES: 'permission denied',
  EEXIST: 'already exists',
  EISDIR: 'is a directory',
  ELOOP: 'too many levels of symbolic links (a symlink loop?)',
  ENAMETOOLONG: 'file name too long',
  ENXIO: 'no such device or address (a FIFO or socket with nobody on the other end?)',
  ENOENT: 'no such file or directory',
  ENOSPC: 'no space left on device',
  ENOTDIR: 'not a directory',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
}

/** Turns a Node system error (ENOENT, EACCES, …) into an InputError with a readable one-line message. */
export function fromSystemError(error: unknown): KhaosError | undefined {
  if (error instanceof KhaosError) return error
  const e = error as NodeJS.ErrnoException
  if (e && typeof e.code === 'string' && e.code in systemMessages) {
    const where = e.path ? `${e.path}: ` : ''
    return new InputError(`${where}${systemMessages[e.code]}`, {cause: error, code: e.code})
  }

  return undefined
}
