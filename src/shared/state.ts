import {mkdirSync} from 'node:fs'
import {resolve} from 'node:path'

/**
 * The one place khaos keeps state (keys, drill progress, caches): `$KHAOS_HOME` if set, else oclif's data
 * dir (e.g. ~/.local/share/khaos). Created 0700 because it holds secret keys.
 */
export function stateRoot(defaultDataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const root = env.KHAOS_HOME && env.KHAOS_HOME !== '' ? resolve(env.KHAOS_HOME) : defaultDataDir
  mkdirSync(root, {mode: 0o700, recursive: true})
  return root
}
