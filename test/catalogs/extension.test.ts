import {strict as assert} from 'node:assert'
import {cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {CATALOG_FILES} from '../helpers/catalogs.js'
import {BIN, khaos, ROOT, tempDir} from '../helpers/cli.js'

/**
 * Adding a trial, a drill or a tension is adding files: no shared list, no count to bump. This builds a copy
 * of the installed package (code linked, catalogs copied) with one extra entry in each catalog and checks the
 * real CLI lists, shows and validates them, and that the only code a new entry needs (a trial's detector, a
 * drill's generator) is named when it is missing.
 */
describe('catalogs: a new entry is new files only', function () {
  this.timeout(120_000)
  let pkg: ReturnType<typeof tempDir>
  let cli: string
  const next = {
    drill: CATALOG_FILES.drills.length + 1,
    tension: CATALOG_FILES.tensions.length + 1,
    trial: CATALOG_FILES.trials.length + 1,
  }

  before(() => {
    pkg = tempDir('khaos-extended-package-')
    for (const linked of ['dist', 'node_modules', 'package.json', 'oclif.manifest.json']) symlinkSync(join(ROOT, linked), join(pkg.path, linked))
    for (const copied of ['trials', 'drills', 'catalog']) cpSync(join(ROOT, copied), join(pkg.path, copied), {recursive: true})
    // bin/run.js as a file, not a link: oclif takes the package root from where the entry really is.
    mkdirSync(join(pkg.path, 'bin'))
    cli = join(pkg.path, 'bin', 'run.js')
    writeFileSync(cli, readFileSync(BIN))

    // A trial: its folder with trial.yaml and fixtures, copied from the last one and renumbered.
    const last = CATALOG_FILES.trials.at(-1)!
    const trialDir = join(pkg.path, 'trials', `F${next.trial}-extension-check`)
    cpSync(join(ROOT, 'trials', last), trialDir, {recursive: true})
    const trialYaml = readFileSync(join(trialDir, 'trial.yaml'), 'utf8')
      .replace(/^id: F\d+$/m, `id: F${next.trial}`)
      .replace(/^title: .*$/m, 'title: Extension check trial')
    writeFileSync(join(trialDir, 'trial.yaml'), trialYaml)

    // A drill: a YAML copied from the last one with a new id and slug.
    const lastDrill = CATALOG_FILES.drills.at(-1)!
    const drillYaml = readFileSync(join(ROOT, 'drills', lastDrill), 'utf8')
      .replace(/^id: \d+$/m, `id: ${next.drill}`)
      .replace(/^slug: .*$/m, 'slug: extension-check')
      .replace(/^title: .*$/m, 'title: Extension check drill')
    writeFileSync(join(pkg.path, 'drills', `${next.drill}-extension-check.yaml`), drillYaml)

    // A tension: a YAML copied from the first one with a new id, name and poles.
    const tension = readFileSync(join(ROOT, 'catalog', 'tensions', CATALOG_FILES.tensions[0]), 'utf8')
    const id = CATALOG_FILES.tensions[0].replace(/\.yaml$/, '')
    writeFileSync(
      join(pkg.path, 'catalog', 'tensions', 'extension-vs-check.yaml'),
      tension
        .replaceAll(id, 'extension-vs-check')
        .replace(/^name: .*$/m, 'name: Extension vs Check')
        .replace(/name: (.+)$/gm, (line, name: string) => (line.startsWith('name: Extension') ? line : `name: ${name} (extension)`)),
    )
  })
  after(() => pkg.cleanup())

  const run = (args: string[], home: ReturnType<typeof tempDir>) => khaos(args, {bin: cli, env: {KHAOS_HOME: home.path}})

  it(`lists a trial F${next.trial}, a drill ${next.drill} and a tension beside the shipped ones`, async () => {
    const home = tempDir()
    try {
      const trials = await run(['trial', 'list', '--json'], home)
      assert.equal(trials.exitCode, 0, trials.stderr)
      const trialIds = (JSON.parse(trials.stdout) as {trials: Array<{id: string}>}).trials.map((t) => t.id)
      assert.equal(trialIds.length, CATALOG_FILES.trials.length + 1)
      assert.ok(trialIds.includes(`F${next.trial}`))

      const drills = await run(['drill', 'list', '--json'], home)
      assert.equal(drills.exitCode, 0, drills.stderr)
      const drillIds = (JSON.parse(drills.stdout) as {drills: Array<{id: number; slug: string}>}).drills
      assert.equal(drillIds.length, CATALOG_FILES.drills.length + 1)
      assert.ok(drillIds.some((d) => d.id === next.drill && d.slug === 'extension-check'))

      const tensions = await run(['contradictions', 'list', '--json'], home)
      assert.equal(tensions.exitCode, 0, tensions.stderr)
      assert.equal((JSON.parse(tensions.stdout) as {tensions: unknown[]}).tensions.length, CATALOG_FILES.tensions.length + 1)
      const shown = await run(['contradictions', 'show', 'extension-vs-check'], home)
      assert.equal(shown.exitCode, 0, shown.stderr)
      assert.match(shown.stdout, /Extension vs Check/)
    } finally {
      home.cleanup()
    }
  })

  it('names the code a new entry still needs: the trial detector and the drill generator', async () => {
    const home = tempDir()
    try {
      const explain = await run(['trial', 'explain', `F${next.trial}`], home)
      assert.equal(explain.exitCode, 0, explain.stderr)
      assert.match(explain.stdout, /Extension check trial/)
      const scan = await run(
        ['trial', 'run', join(pkg.path, 'trials', `F${next.trial}-extension-check`, 'vulnerable'), '--only', `F${next.trial}`, '--no-report'],
        home,
      )
      assert.equal(scan.exitCode, 2, scan.stdout + scan.stderr)
      assert.match(
        scan.stderr.replaceAll(/\s*\n\s*›?\s*/g, ' '),
        new RegExp(`F${next.trial}.*detector module src/trials/detectors/${next.trial}-extension-check\\.ts`),
      )
      const start = await run(['drill', 'start', String(next.drill)], home)
      assert.equal(start.exitCode, 2, start.stdout + start.stderr)
      assert.match(start.stderr, new RegExp(`${next.drill}-extension-check`))
    } finally {
      home.cleanup()
    }
  })
})
