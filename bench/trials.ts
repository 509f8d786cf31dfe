/**
 * khaos trial benchmarks (never a test; prints ratios measured in the same run):
 * 1. scan speed: 500 generated compose stacks (5,000 files) against the 3 s budget of issue 6;
 * 2. khaos vs dclint on the awesome-compose corpus: wall time of each CLI (median of 3 runs) and verdict
 *    agreement on the rules both have (F4 vs no-unbound-port-interfaces, F27 vs service-image-require-explicit-tag);
 * 3. per-detector cost: each of the 36 detectors on a tree of 500 stacks built from the trials' own vulnerable
 *    fixtures, as a ratio of the time to read and parse that tree into the shared model (measured in the same run).
 * 4. real compose files through the CLI: awesome-compose copied three times side by side plus the regression stacks
 *    of test/fixtures/trial-stacks (100+ real compose files, overrides, include:, .env) against the 1.5 s budget of
 *    issue 11 (the many-file public repositories of that issue are kept elsewhere; this is the stand-in we have).
 * Run: node --import tsx bench/trials.ts [--only scan|dclint|cost|real]
 */
import {execFileSync} from 'node:child_process'
import {cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {cpus, loadavg, tmpdir} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

import {buildModel} from '../src/trials/model/index.js'
import {loadTrials} from '../src/trials/registry.js'
import {scan} from '../src/trials/runner.js'
import {compareVerdicts, runDclint} from './dclint-verdicts.js'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const BUDGET_S = 3
const STACKS = 500

function stack(i: number): Record<string, string> {
  const db = ['postgres:16.4', 'mysql:8.4', 'redis:7.4', 'mongo:7.0'][i % 4]
  return {
    '.env': `DB_PASSWORD=pw-${i}-Qx81z\nTAG=1.${i}\n`,
    Dockerfile: `FROM node:22.11-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nUSER node\nCMD ["node", "server.js"]\n`,
    'README.md': `# stack ${i}\n\nInvite: https://discord.com/api/oauth2/authorize?client_id=1&permissions=${i % 2 ? 8 : 2048}&scope=bot\n`,
    'app/config.js': `module.exports = {port: ${3000 + i}, token: process.env.TOKEN}\n`,
    'compose.override.yaml': `services:\n  app:\n    ports: ["127.0.0.1:${9000 + (i % 1000)}:9000"]\n`,
    'compose.yaml': [
      'x-common: &common',
      '  restart: unless-stopped',
      '  logging:',
      '    driver: json-file',
      'services:',
      '  traefik:',
      '    image: traefik:v3.1',
      '    command:',
      '      - --providers.docker=true',
      `      - --api.insecure=${i % 3 === 0}`,
      '    ports: ["80:80", "443:443", "8080:8080"]',
      '    volumes:',
      '      - /var/run/docker.sock:/var/run/docker.sock:ro',
      '  app:',
      '    <<: *common',
      `    image: ghcr.io/example/app:\${TAG:-latest}`,
      '    environment:',
      '      - DB_PASSWORD=${DB_PASSWORD}',
      `      - API_KEY=k-${i}-9f8e7d6c5b4a`,
      '    labels:',
      `      - traefik.http.routers.app${i}.rule=Host(\`app${i}.example.com\`)`,
      '  db:',
      '    <<: *common',
      `    image: ${db}`,
      '    environment:',
      '      POSTGRES_PASSWORD: changeme',
      `    ports: ["${5432 + (i % 100)}:5432"]`,
      '    volumes:',
      '      - db-data:/var/lib/postgresql/data',
      'volumes:',
      '  db-data:',
    ].join('\n'),
    'prometheus/prometheus.yml': 'global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: app\n    static_configs:\n      - targets: ["app:9000"]\n',
    'traefik/dynamic.yml':
      'http:\n  middlewares:\n    auth:\n      basicAuth:\n        usersFile: /run/secrets/users\n  routers:\n    dash:\n      rule: Host(`t.example.com`)\n      service: api@internal\n      middlewares: [auth]\n',
    'traefik/traefik.yml': 'entryPoints:\n  web:\n    address: ":80"\n  websecure:\n    address: ":443"\nproviders:\n  docker:\n    exposedByDefault: false\n',
    'vault/vault.hcl': 'listener "tcp" {\n  address = "0.0.0.0:8200"\n  tls_cert_file = "/tls/c.pem"\n}\nstorage "raft" {\n  path = "/vault/data"\n}\n',
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

/** CPU seconds used by waited-for children so far (Linux /proc/self/stat cutime + cstime); undefined elsewhere. */
function childrenCpu(): number | undefined {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8')
      .replace(/^.*\) /, '')
      .split(' ')
    return (Number(fields[13]) + Number(fields[14])) / 100
  } catch {
    return undefined
  }
}

let lastCliCpu: number | undefined

function timeCli(cmd: string, args: string[], cwd: string): number {
  const t = process.hrtime.bigint()
  const c = childrenCpu()
  try {
    execFileSync(cmd, args, {cwd, maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore']})
  } catch {
    // Both tools exit 1 when they report findings.
  }

  const after = childrenCpu()
  lastCliCpu = c === undefined || after === undefined ? undefined : after - c
  return Number(process.hrtime.bigint() - t) / 1e9
}

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined
const part = (name: string) => only === undefined || only === name
const trials = await loadTrials(ROOT)
if (part('scan')) {
  const dir = mkdtempSync(join(tmpdir(), 'khaos-bench-'))
  try {
    let files = 0
    for (let i = 0; i < STACKS; i++) {
      for (const [rel, text] of Object.entries(stack(i))) {
        const path = join(dir, `stack-${String(i).padStart(3, '0')}`, rel)
        mkdirSync(dirname(path), {recursive: true})
        writeFileSync(path, text)
        files++
      }
    }

    const runs: number[] = []
    const cpu: number[] = []
    let findings = 0
    for (let r = 0; r < 3; r++) {
      const t = process.hrtime.bigint()
      const c = process.cpuUsage()
      const result = await scan(dir, trials)
      const used = process.cpuUsage(c)
      runs.push(Number(process.hrtime.bigint() - t) / 1e9)
      cpu.push((used.user + used.system) / 1e6)
      findings = result.findings.length
    }

    const s = median(runs)
    const c = median(cpu)
    console.log(`scan: ${files} files in ${STACKS} stacks, ${trials.length} trials, ${findings} findings (in-process, trials loaded once)`)
    console.log(
      `scan: wall median ${s.toFixed(2)} s of 3 runs (${runs.map((x) => x.toFixed(2)).join(', ')}); budget ${BUDGET_S} s; ratio to budget ${(s / BUDGET_S).toFixed(2)} (< 1 is within budget)`,
    )
    console.log(
      `scan: CPU time median ${c.toFixed(2)} s; ratio to budget ${(c / BUDGET_S).toFixed(2)}; load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')} on ${cpus().length} CPUs (wall time grows with a busy machine, CPU time does not)`,
    )
    const cli = timeCli('node', [join(ROOT, 'bin', 'run.js'), 'trial', 'run', dir, '--format', 'json', '--no-report'], ROOT)
    const cliCpu = lastCliCpu
    console.log(
      `scan: the same tree through the CLI (startup, trial loading, JSON report included): ${cli.toFixed(2)} s wall, ${cliCpu === undefined ? '?' : cliCpu.toFixed(2)} s CPU; ratio to budget ${(cli / BUDGET_S).toFixed(2)} wall, ${cliCpu === undefined ? '?' : (cliCpu / BUDGET_S).toFixed(2)} CPU`,
    )
  } finally {
    rmSync(dir, {force: true, recursive: true})
  }
}

if (part('dclint')) {
  const corpus = [process.env.KHAOS_SHARED, join(ROOT, '..', 'shared'), join(ROOT, '..', '..', 'shared')]
    .filter(Boolean)
    .map((p) => join(p!, 'corpora', 'awesome-compose'))
    .find((p) => existsSync(p))
  if (!corpus) {
    console.log('dclint comparison: skipped (shared/corpora/awesome-compose not found)')
  } else {
    const dclintBin = join(ROOT, 'node_modules', 'dclint', 'bin', 'dclint.cjs')
    const khaosBin = join(ROOT, 'bin', 'run.js')
    if (!existsSync(join(ROOT, 'dist', 'commands'))) execFileSync('npm', ['run', 'build'], {cwd: ROOT, stdio: 'ignore'})
    const dclintTimes: number[] = []
    const khaosTimes: number[] = []
    const dclintCpu: number[] = []
    const khaosCpu: number[] = []
    for (let r = 0; r < 3; r++) {
      dclintTimes.push(timeCli('node', [dclintBin, '-r', '.', '-f', 'json'], corpus))
      dclintCpu.push(lastCliCpu ?? Number.NaN)
      khaosTimes.push(timeCli('node', [khaosBin, 'trial', 'run', '.', '--format', 'json', '--no-report'], corpus))
      khaosCpu.push(lastCliCpu ?? Number.NaN)
    }

    const d = median(dclintTimes)
    const k = median(khaosTimes)
    const dc = median(dclintCpu)
    const kc = median(khaosCpu)
    console.log(
      `awesome-compose: dclint (its 16 compose rules) ${d.toFixed(2)} s wall / ${dc.toFixed(2)} s CPU; khaos (${trials.length} trials, every file) ${k.toFixed(2)} s wall / ${kc.toFixed(2)} s CPU; khaos/dclint ratio ${(k / d).toFixed(2)} wall, ${(kc / dc).toFixed(2)} CPU (< 1: khaos faster), medians of 3 CLI runs`,
    )
    const result = await scan(corpus, trials)
    for (const c of compareVerdicts(corpus, runDclint(ROOT, corpus), result.findings, new Set(trials.map((t) => t.spec.id)))) {
      console.log(
        `verdicts ${c.rule} vs ${c.khaosTrial}: ${c.agree}/${c.compared} services agree; ${c.exempted.length} exempted by documented difference; disagreements: ${c.disagreements.length === 0 ? 'none' : JSON.stringify(c.disagreements)}`,
      )
    }
  }
}

function countFiles(path: string): number {
  return readdirSync(path).reduce((n, e) => n + (statSync(join(path, e)).isDirectory() ? countFiles(join(path, e)) : 1), 0)
}

if (part('cost')) {
  // Each stack holds three trials' vulnerable/ fixtures (cycling through all 36), so every detector has work.
  const tree = mkdtempSync(join(tmpdir(), 'khaos-bench-cost-'))
  try {
    for (let i = 0; i < STACKS; i++) {
      const dest = join(tree, `stack${String(i).padStart(4, '0')}`)
      cpSync(join(trials[i % trials.length].spec.dir, 'vulnerable'), dest, {recursive: true})
      cpSync(join(trials[(i + 7) % trials.length].spec.dir, 'vulnerable'), join(dest, 'extra'), {recursive: true})
      cpSync(join(trials[(i + 11) % trials.length].spec.dir, 'vulnerable'), join(dest, 'more'), {recursive: true})
    }

    const time = (fn: () => void) => {
      const start = performance.now()
      fn()
      return performance.now() - start
    }

    // Reference: discovery and every parsed view the detectors use, built once.
    let model = buildModel(tree)
    const reference = time(() => {
      model = buildModel(tree)
      void model.services
      void model.traefik
      void model.dockerfiles
      void model.workflows
      void model.envFiles
      void model.git
    })
    const perTrial = trials.map((t) => ({id: t.spec.id, ms: time(() => t.detector.detect(model))}))
    const total = perTrial.reduce((n, t) => n + t.ms, 0)
    console.log(`cost: ${STACKS} stacks of fixtures, ${countFiles(tree)} files; reference (read + parse the model) ${reference.toFixed(0)} ms`)
    console.log(`cost: all ${trials.length} detectors together ${total.toFixed(0)} ms = ${(total / reference).toFixed(2)}x the reference`)
    console.log(
      `cost: costliest ${perTrial
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 8)
        .map((t) => `${t.id} ${(t.ms / reference).toFixed(3)}x`)
        .join(', ')}; every other detector ≤ ${(perTrial[8].ms / reference).toFixed(3)}x`,
    )
  } finally {
    rmSync(tree, {force: true, recursive: true})
  }
}

if (part('real')) {
  const corpus = [process.env.KHAOS_SHARED, join(ROOT, '..', 'shared'), join(ROOT, '..', '..', 'shared')]
    .filter(Boolean)
    .map((p) => join(p!, 'corpora', 'awesome-compose'))
    .find((p) => existsSync(p))
  if (!corpus) {
    console.log('real: skipped (shared/corpora/awesome-compose not found)')
  } else {
    const REAL_BUDGET_S = 1.5
    const tree = mkdtempSync(join(tmpdir(), 'khaos-bench-real-'))
    try {
      for (const copy of ['a', 'b', 'c']) cpSync(corpus, join(tree, `awesome-${copy}`), {recursive: true})
      cpSync(join(ROOT, 'test', 'fixtures', 'trial-stacks'), join(tree, 'stacks'), {recursive: true})
      if (!existsSync(join(ROOT, 'dist', 'commands'))) execFileSync('npm', ['run', 'build'], {cwd: ROOT, stdio: 'ignore'})
      const model = buildModel(tree)
      const composeFiles = new Set(model.composeProjects.flatMap((p) => p.files)).size
      const walls: number[] = []
      const cpuTimes: number[] = []
      for (let r = 0; r < 3; r++) {
        walls.push(timeCli('node', [join(ROOT, 'bin', 'run.js'), 'trial', 'run', tree, '--format', 'json', '--no-report'], ROOT))
        cpuTimes.push(lastCliCpu ?? Number.NaN)
      }

      const w = median(walls)
      const c = median(cpuTimes)
      console.log(
        `real: ${composeFiles} compose files in ${model.composeProjects.length} projects, ${countFiles(tree)} files, ${trials.length} trials through the CLI (startup and JSON report included)`,
      )
      console.log(
        `real: wall median ${w.toFixed(2)} s of 3 (${walls.map((x) => x.toFixed(2)).join(', ')}), CPU median ${c.toFixed(2)} s; budget ${REAL_BUDGET_S} s; ratio ${(w / REAL_BUDGET_S).toFixed(2)} wall, ${(c / REAL_BUDGET_S).toFixed(2)} CPU (< 1 is within budget); load average ${loadavg()
          .map((x) => x.toFixed(1))
          .join(' ')} on ${cpus().length} CPUs`,
      )
    } finally {
      rmSync(tree, {force: true, recursive: true})
    }
  }
}
