import {InputError, KhaosError} from '../shared/errors.js'
import {canPrompt} from '../shared/output.js'

/**
 * Where a passphrase may come from: the first line of stdin (`--passphrase-stdin`, for CI), or a hidden
 * prompt on a terminal. There is deliberately no environment variable: environments are inherited by every
 * child process, dumped by CI debug steps and readable in /proc, and stdin covers the unattended case.
 */
export interface PassphraseSource {
  stdin?: boolean
  /** Ask twice (new keys). */
  confirm?: boolean
  /** For messages: "the new key", "key khaos". */
  what: string
  /** What to suggest when neither source is available. */
  alternatives: string
}

/** Reads stdin up to the first newline (or EOF) without waiting for the rest. */
async function readFirstLine(stream: NodeJS.ReadableStream = process.stdin): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = ''
    const done = (value: string) => {
      stream.removeListener('data', onData)
      stream.removeListener('end', onEnd)
      stream.removeListener('error', reject)
      stream.pause()
      ;(stream as NodeJS.ReadStream).unref?.()
      resolve(value)
    }

    const onData = (chunk: Buffer | string) => {
      text += chunk.toString()
      const newline = text.indexOf('\n')
      if (newline >= 0) done(text.slice(0, newline))
    }

    const onEnd = () => done(text)
    stream.on('data', onData)
    stream.once('end', onEnd)
    stream.once('error', reject)
    stream.resume()
  })
}

export async function readPassphrase(source: PassphraseSource): Promise<string> {
  if (source.stdin) {
    const line = (await readFirstLine()).replace(/\r$/, '')
    if (line === '') throw new InputError(`--passphrase-stdin: the first line of stdin is empty (no passphrase for ${source.what})`)
    return line
  }

  if (!canPrompt()) {
    throw new InputError(`${source.what} needs a passphrase and there is no terminal to ask on; ${source.alternatives}`, {code: 'NO_PASSPHRASE'})
  }

  // Loaded only here: the prompt library is heavy and most runs never ask.
  const {password} = await import('@inquirer/prompts')
  const ask = async (message: string) => {
    try {
      return await password({message})
    } catch (error) {
      // Ctrl-C / Ctrl-D at the prompt: a cancellation, not a bug (exit 130 like any interrupted command).
      if ((error as Error).name === 'ExitPromptError') throw new KhaosError('cancelled at the passphrase prompt', {code: 'CANCELLED', exitCode: 130})
      throw error
    }
  }

  const first = await ask(`Passphrase for ${source.what} (hidden):`)
  if (first === '') throw new InputError('empty passphrase')
  if (source.confirm) {
    const second = await ask('Repeat the passphrase (hidden):')
    if (second !== first) throw new InputError('the passphrases do not match')
  }

  return first
}
