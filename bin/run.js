#!/usr/bin/env node
// Production entry: loads the compiled commands through the oclif manifest.
import {resolve} from 'node:path'

// `khaos --version` is answered before oclif loads, with the line oclif itself prints (its userAgent:
// name/version platform-arch node-version), because scripts and shells call it often and it needs nothing
// else. test/cli/startup.test.ts checks it against oclif's own userAgent.
if (process.argv[2] === '--version') {
  const {readFileSync} = await import('node:fs')
  const {arch, platform, release} = await import('node:os')
  const pjson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  const os = platform() === 'linux' && /microsoft/i.test(release()) ? 'wsl' : platform()
  process.stdout.write(`${pjson.name}/${pjson.version} ${os}-${arch() === 'ia32' ? 'x86' : arch()} node-${process.version}\n`)
} else {
  const {execute} = await import('../dist/shared/oclif.js')
  // KHAOS_HOME holds all of khaos's state; oclif's own cache (the shell-completion scripts) goes there too.
  if (process.env.KHAOS_HOME && !process.env.KHAOS_CACHE_DIR) process.env.KHAOS_CACHE_DIR = resolve(process.env.KHAOS_HOME, 'cache')
  await execute({dir: import.meta.url})
}
