// F13, .env tracked in git, not ignored, or copied into images: the detector of trials/F13-env-file-exposed/trial.yaml.
import {posix} from 'node:path'

import type {Detector, RawFinding} from '../types.js'
import {ignoredBy, wouldBeCommitted} from './tracked.js'

const detector: Detector = {
  detect(model) {
    const out: RawFinding[] = []
    const {git} = model
    const envPaths = model.envFiles.map((e) => e.path)
    for (const path of envPaths) {
      if (git.isRepo) {
        if (git.tracked.has(path))
          out.push({
            evidence: `${path} tracked`,
            file: path,
            line: 1,
            message: `${path} is tracked in git: every secret in it is in the history of every clone; git rm --cached it, add it to .gitignore and rotate the values`,
          })
        else if (git.unignored.has(path))
          out.push({
            evidence: `${path} not ignored`,
            file: path,
            line: 1,
            message: `${path} is not matched by any .gitignore rule: the next "git add -A" commits it`,
          })
      } else {
        if (wouldBeCommitted(model, path))
          out.push({
            evidence: `${path} not in .gitignore`,
            file: path,
            line: 1,
            message: `${path} is not covered by a .gitignore rule (the target is not a git work tree, so .gitignore files were read): it would be committed`,
          })
      }
    }

    for (const {instructions, path} of model.dockerfiles) {
      const dir = posix.dirname(path) === '.' ? '' : posix.dirname(path)
      const dockerignore = model.text(dir ? `${dir}/.dockerignore` : '.dockerignore') ?? model.text(`${path}.dockerignore`)
      let envInContext: string[] | undefined
      for (const ins of instructions) {
        if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue
        const args = ins.args.split(/\s+/).filter((a) => !a.startsWith('--'))
        const sources = args.slice(0, -1)
        if (sources.some((s) => /(^|\/)\.env(\.[\w.-]+)?$/.test(s) && !/example|sample|template/i.test(s))) {
          out.push({
            evidence: `${ins.keyword} ${ins.args}`,
            file: path,
            line: ins.line,
            message: `${path} copies an env file into the image: anyone who can pull the image reads its secrets (docker history / layer tarballs)`,
          })
          continue
        }

        if (!sources.some((s) => s === '.' || s === './' || s === '*' || s === './*')) continue
        envInContext ??= envPaths.filter((p) => dir === '' || p.startsWith(`${dir}/`)).map((p) => (dir ? p.slice(dir.length + 1) : p))
        const leaked = envInContext.filter((p) => !ignoredBy(dockerignore, p))
        if (leaked.length > 0) {
          out.push({
            evidence: `${ins.keyword} ${ins.args} (context has ${leaked.join(', ')})`,
            file: path,
            line: ins.line,
            message: `${path} copies the whole build context, which contains ${leaked.join(', ')} not excluded by .dockerignore: the secrets end up in an image layer`,
          })
        }
      }
    }

    return out
  },
}

export default detector
