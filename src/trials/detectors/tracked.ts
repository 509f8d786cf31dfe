import type {ProjectFile, ProjectModel} from '../model/index.js'

/**
 * Files that are (or would be) in the repository: tracked plus untracked-but-not-ignored when the target is a
 * git work tree; every file otherwise (a tarball or a fresh checkout without .git: all of it ships).
 */
export function repositoryFiles(model: ProjectModel): ProjectFile[] {
  const git = model.git
  if (!git.isRepo) return model.files
  return model.files.filter((f) => git.tracked.has(f.path) || git.unignored.has(f.path))
}

/**
 * Is this file (or would it be) committed: tracked or untracked-but-not-ignored in a git work tree; outside
 * one, not covered by any .gitignore on its way up (read the way F13 reads them).
 */
export function wouldBeCommitted(model: ProjectModel, path: string): boolean {
  const git = model.git
  if (git.isRepo) return git.tracked.has(path) || git.unignored.has(path)
  const dirs = [
    '',
    ...path
      .split('/')
      .slice(0, -1)
      .map((_, i, a) => a.slice(0, i + 1).join('/')),
  ]
  return !dirs.some((d) => ignoredBy(model.text(d ? `${d}/.gitignore` : '.gitignore'), d ? path.slice(d.length + 1) : path))
}

/** Minimal .gitignore/.dockerignore matching for a file name: `*`, `?`, leading `/`, trailing `/`, `!` negation, `**`. */
interface IgnoreRule {
  anchored: boolean
  negate: boolean
  re: RegExp
}

const compiled = new Map<string, IgnoreRule[]>()

function compile(patternsText: string): IgnoreRule[] {
  let rules = compiled.get(patternsText)
  if (rules) return rules
  rules = []
  for (const raw of patternsText.split(/\r?\n/)) {
    let p = raw.trim()
    if (p === '' || p.startsWith('#')) continue
    const negate = p.startsWith('!')
    if (negate) p = p.slice(1)
    const anchored = p.startsWith('/') || p.slice(0, -1).includes('/')
    p = p.replace(/^\//, '').replace(/\/$/, '')
    rules.push({
      anchored,
      negate,
      re: new RegExp(
        `^${p
          .split('**')
          .map((part) =>
            part
              .replace(/[.+^${}()|[\]\\]/g, '\\$&')
              .replace(/\*/g, '[^/]*')
              .replace(/\?/g, '[^/]'),
          )
          .join('.*')}$`,
      ),
    })
  }

  compiled.set(patternsText, rules)
  return rules
}

export function ignoredBy(patternsText: string | undefined, relPath: string): boolean {
  if (patternsText === undefined) return false
  let ignored = false
  for (const {anchored, negate, re} of compile(patternsText)) {
    const segments = relPath.split('/')
    const hit = anchored ? re.test(relPath) || segments.some((_, i) => re.test(segments.slice(0, i + 1).join('/'))) : segments.some((s) => re.test(s))
    if (hit) ignored = !negate
  }

  return ignored
}
