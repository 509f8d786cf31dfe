import {spawnSync} from 'node:child_process'
import {chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

/**
 * Builders for hostile inputs the abuse suite throws at khaos. Each returns paths only; the caller owns the
 * temporary directory. Anything "executable" here writes a marker file named after what ran it, so a test
 * asserts safety by finding no marker at all.
 */

/** A script that records it ran by touching `markers/NAME`. */
export function markerScript(bin: string, markers: string, name: string): string {
  mkdirSync(bin, {recursive: true})
  const path = join(bin, name)
  writeFileSync(path, `#!/bin/sh\nmkdir -p '${markers}' && touch '${join(markers, name)}'\nexit 0\n`)
  chmodSync(path, 0o755)
  return path
}

export function markersFound(markers: string): string[] {
  return existsSync(markers) ? readdirSync(markers).sort() : []
}

/** Git with none of the caller's or the machine's config: used only to build the fixtures. */
export function plainGit(cwd: string, ...args: string[]): void {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GIT_')) env[k] = v
  const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@localhost', '-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
    env: {...env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1'},
  })
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`)
}

const COMPOSE = `services:
  web:
    image: nginx:1.27
    ports:
      - "8080:80"
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock
`

const HOOKS = ['pre-commit', 'post-checkout', 'post-index-change', 'fsmonitor-watchman', 'pre-auto-gc', 'reference-transaction', 'post-commit']

/**
 * A project (compose file, .env, a subdirectory) in a git repository whose config names a program for every
 * hook git has: fsmonitor, hooksPath and .git/hooks, pager, editor, ssh, askpass, external diff, a
 * textconv/diff command, clean/smudge/process filters, a merge driver, gpg, credential helper, pager.<cmd>.
 * The gitattributes route every file through the hostile drivers.
 */
export function hostileGitTree(root: string, markers: string): string {
  const tree = join(root, 'configured')
  const bin = join(root, 'bin-configured')
  mkdirSync(join(tree, 'sub'), {recursive: true})
  writeFileSync(join(tree, 'compose.yaml'), COMPOSE)
  writeFileSync(join(tree, 'sub', 'compose.yaml'), COMPOSE)
  writeFileSync(join(tree, '.env'), 'DB_PASSWORD=hunter2hunter2\n')
  writeFileSync(join(tree, 'untracked.pem'), '-----BEGIN PRIVATE KEY-----\n')
  plainGit(tree, 'init', '-q')
  plainGit(tree, 'add', 'compose.yaml', 'sub/compose.yaml', '.env')
  plainGit(tree, 'commit', '-q', '-m', 'x')
  writeFileSync(join(tree, '.gitattributes'), '* filter=evil diff=evil merge=evil\n')
  const p = (name: string) => markerScript(bin, markers, name)
  const hooks = join(root, 'hooks-configured')
  mkdirSync(hooks, {recursive: true})
  for (const hook of HOOKS) {
    markerScript(hooks, markers, `hooksPath-${hook}`)
    markerScript(join(tree, '.git', 'hooks'), markers, hook)
  }

  writeFileSync(
    join(tree, '.git', 'config'),
    `[core]
\trepositoryformatversion = 0
\tbare = false
\tfsmonitor = ${p('fsmonitor')}
\thooksPath = ${hooks}
\tpager = ${p('pager')}
\teditor = ${p('editor')}
\tsshCommand = ${p('sshCommand')}
\taskPass = ${p('askPass')}
\tgitProxy = ${p('gitProxy')}
\talternateRefsCommand = ${p('alternateRefsCommand')}
[diff]
\texternal = ${p('diff-external')}
[diff "evil"]
\ttextconv = ${p('diff-textconv')}
\tcommand = ${p('diff-command')}
[filter "evil"]
\tclean = ${p('filter-clean')}
\tsmudge = ${p('filter-smudge')}
[filter "evil-process"]
\tprocess = ${p('filter-process')}
[merge "evil"]
\tdriver = ${p('merge-driver')}
[gpg]
\tprogram = ${p('gpg')}
[credential]
\thelper = !${p('credential')}
[pager]
\tls-files = ${p('pager-ls-files')}
\tstatus = ${p('pager-status')}
[sequence]
\teditor = ${p('sequence-editor')}
`,
  )
  return tree
}

/** A repository whose only hostile setting comes through `includeIf` (matching any gitdir). */
export function includeIfTree(root: string, markers: string): string {
  const tree = join(root, 'included')
  mkdirSync(join(tree, 'sub'), {recursive: true})
  writeFileSync(join(tree, 'compose.yaml'), COMPOSE)
  writeFileSync(join(tree, 'sub', 'compose.yaml'), COMPOSE)
  plainGit(tree, 'init', '-q')
  plainGit(tree, 'add', '-A')
  const included = join(root, 'included.gitconfig')
  writeFileSync(
    included,
    `[core]\n\tfsmonitor = ${markerScript(join(root, 'bin-included'), markers, 'includeIf-fsmonitor')}\n[filter "inc"]\n\tclean = ${markerScript(join(root, 'bin-included'), markers, 'includeIf-filter')}\n`,
  )
  writeFileSync(join(tree, '.gitattributes'), '* filter=inc\n')
  writeFileSync(
    join(tree, '.git', 'config'),
    `[core]\n\trepositoryformatversion = 0\n\tbare = false\n[includeIf "gitdir:/"]\n\tpath = ${included}\n[include]\n\tpath = ${included}\n`,
  )
  return tree
}

/** A tree whose `.git` is a gitlink file pointing at a git directory elsewhere whose config sets fsmonitor. */
export function gitlinkTree(root: string, markers: string): string {
  const tree = join(root, 'linked')
  const store = join(root, 'linked-store')
  mkdirSync(join(tree, 'sub'), {recursive: true})
  mkdirSync(store, {recursive: true})
  writeFileSync(join(tree, 'compose.yaml'), COMPOSE)
  writeFileSync(join(tree, 'sub', 'compose.yaml'), COMPOSE)
  plainGit(store, 'init', '-q', '--separate-git-dir', join(store, 'gitdir'), tree)
  plainGit(tree, 'add', '-A')
  writeFileSync(
    join(store, 'gitdir', 'config'),
    `[core]\n\trepositoryformatversion = 0\n\tbare = false\n\tfsmonitor = ${markerScript(join(root, 'bin-linked'), markers, 'gitlink-fsmonitor')}\n\tworktree = /\n`,
  )
  return tree
}

/** ESC/OSC/CSI, BEL, a C1 CSI, a bidi override and a newline: what a hostile name carries to a terminal. */
export const HOSTILE_NAME = 'd\u001B]0;pwned\u0007\u001B[2J\u009B31m\u202Eevil\nPASS | x'

/** True when `text` holds anything a terminal would act on rather than show. */
export function hasTerminalControls(text: string): boolean {
  return /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/.test(text)
}

/** A stack whose service name and a folder name carry HOSTILE_NAME (F2 fires on the service, F13 on the .env). */
export function escapeNamesTree(root: string): string {
  const tree = join(root, 'escapes')
  const folder = join(tree, HOSTILE_NAME)
  mkdirSync(folder, {recursive: true})
  writeFileSync(join(folder, '.env'), 'A=1\n')
  writeFileSync(
    join(tree, 'compose.yaml'),
    `services:\n  ${JSON.stringify(HOSTILE_NAME)}:\n    image: nginx:1.27\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n`,
  )
  return tree
}
