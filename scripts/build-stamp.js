// One build per CI run: `npm ci` builds through `prepare`, and `npm test` (pretest) builds again only when
// something the build reads changed since. `write` records the build's inputs; `check` exits 1 when they differ.
import {createHash} from 'node:crypto'
import {existsSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

const root = new URL('..', import.meta.url).pathname
const stamp = join(root, 'dist', '.build-stamp')
// The build's inputs: the sources, the build's own configuration and scripts, the installed dependency set.
const INPUTS = ['src', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/bundle.js', 'scripts/clean-dist.js']

function files(path) {
  const full = join(root, path)
  if (!existsSync(full)) return []
  if (!statSync(full).isDirectory()) return [path]
  return readdirSync(full)
    .sort()
    .flatMap((name) => files(join(path, name)))
}

function fingerprint() {
  const hash = createHash('sha256')
  for (const file of INPUTS.flatMap(files))
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(root, file)))
      .update('\0')
  return hash.digest('hex')
}

if (process.argv[2] === 'write') {
  writeFileSync(stamp, `${fingerprint()}\n`)
} else {
  const fresh = existsSync(stamp) && existsSync(join(root, 'oclif.manifest.json')) && readFileSync(stamp, 'utf8').trim() === fingerprint()
  if (!fresh) console.error('build: sources changed since the last build (or none yet); building')
  process.exitCode = fresh ? 0 : 1
}
