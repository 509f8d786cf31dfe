import {Ajv} from 'ajv'
import assert from 'node:assert/strict'
import {spawnSync} from 'node:child_process'
import {mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {khaos, tempDir} from '../helpers/cli.js'

/**
 * The parts of the SARIF 2.1.0 schema that GitHub code scanning requires or reads (its "SARIF support" page):
 * version, one run with tool.driver.name and rules, results with ruleId, message.text, a physical location with
 * a relative URI and a 1-based startLine, partialFingerprints, and a numeric security-severity on each rule.
 */
const GITHUB_SARIF = {
  properties: {
    runs: {
      items: {
        properties: {
          results: {
            items: {
              properties: {
                level: {enum: ['none', 'note', 'warning', 'error']},
                locations: {
                  items: {
                    properties: {
                      physicalLocation: {
                        properties: {
                          artifactLocation: {properties: {uri: {pattern: '^[^/][^:]*$', type: 'string'}}, required: ['uri'], type: 'object'},
                          region: {properties: {startLine: {minimum: 1, type: 'integer'}}, required: ['startLine'], type: 'object'},
                        },
                        required: ['artifactLocation', 'region'],
                        type: 'object',
                      },
                    },
                    required: ['physicalLocation'],
                    type: 'object',
                  },
                  maxItems: 10,
                  minItems: 1,
                  type: 'array',
                },
                message: {properties: {text: {minLength: 1, type: 'string'}}, required: ['text'], type: 'object'},
                partialFingerprints: {additionalProperties: {type: 'string'}, minProperties: 1, type: 'object'},
                ruleId: {type: 'string'},
                ruleIndex: {minimum: 0, type: 'integer'},
                suppressions: {items: {properties: {kind: {enum: ['inSource', 'external']}}, required: ['kind'], type: 'object'}, type: 'array'},
              },
              required: ['ruleId', 'message', 'locations', 'partialFingerprints'],
              type: 'object',
            },
            type: 'array',
          },
          tool: {
            properties: {
              driver: {
                properties: {
                  name: {minLength: 1, type: 'string'},
                  rules: {
                    items: {
                      properties: {
                        id: {type: 'string'},
                        properties: {
                          properties: {'security-severity': {pattern: '^[0-9]+(\\.[0-9]+)?$', type: 'string'}},
                          required: ['security-severity'],
                          type: 'object',
                        },
                        shortDescription: {properties: {text: {type: 'string'}}, required: ['text'], type: 'object'},
                      },
                      required: ['id', 'shortDescription', 'properties'],
                      type: 'object',
                    },
                    type: 'array',
                  },
                },
                required: ['name', 'rules'],
                type: 'object',
              },
            },
            required: ['driver'],
            type: 'object',
          },
        },
        required: ['tool', 'results'],
        type: 'object',
      },
      maxItems: 1,
      minItems: 1,
      type: 'array',
    },
    version: {const: '2.1.0'},
  },
  required: ['version', 'runs'],
  type: 'object',
}

describe('khaos trial run: report formats', () => {
  let dir: {cleanup: () => void; path: string}
  let env: Record<string, string>
  beforeEach(() => {
    dir = tempDir('khaos-trial-formats-')
    env = {KHAOS_HOME: join(dir.path, 'home')}
  })
  afterEach(() => dir.cleanup())

  function gitRepoWithStack(): string {
    const repo = join(dir.path, 'repo')
    mkdirSync(join(repo, 'deploy', 'stack'), {recursive: true})
    writeFileSync(
      join(repo, 'deploy', 'stack', 'compose.yaml'),
      [
        'services:',
        '  portainer:',
        '    image: portainer/portainer-ce:2.21.0',
        '    volumes:',
        '      - /var/run/docker.sock:/var/run/docker.sock',
        '      # khaos-ignore F2: second socket on purpose for the test',
        '      - /run/docker.sock:/run/docker.sock',
      ].join('\n'),
    )
    writeFileSync(join(repo, 'deploy', 'stack', 'broken.yml'), 'a: [b\n')
    assert.equal(spawnSync('git', ['init', '-q', repo]).status, 0)
    return repo
  }

  it('SARIF of a subdirectory has the shape GitHub accepts and URIs relative to the repository root', async () => {
    const repo = gitRepoWithStack()
    const out = join(dir.path, 'khaos.sarif')
    const r = await khaos(['trial', 'run', join(repo, 'deploy', 'stack'), '--format', 'sarif', '-o', out, '--fail-on', 'critical'], {cwd: dir.path, env})
    assert.equal(r.exitCode, 1, r.stderr)
    const sarif = JSON.parse(readFileSync(out, 'utf8'))
    const validate = new Ajv({allErrors: true, strict: false}).compile(GITHUB_SARIF)
    assert.equal(validate(sarif), true, JSON.stringify(validate.errors))
    const run = sarif.runs[0]
    const uris = run.results.map(
      (x: {locations: Array<{physicalLocation: {artifactLocation: {uri: string}}}>; ruleId: string}) =>
        `${x.ruleId} ${x.locations[0].physicalLocation.artifactLocation.uri}`,
    )
    assert.ok(uris.includes('F2 deploy/stack/compose.yaml'), uris.join(', '))
    assert.ok(uris.includes('F0 deploy/stack/broken.yml'), uris.join(', '))
    for (const result of run.results) assert.equal(run.tool.driver.rules[result.ruleIndex].id, result.ruleId)
    const suppressed = run.results.filter((x: {suppressions?: unknown[]}) => x.suppressions)
    assert.deepEqual(
      suppressed.map((x: {locations: Array<{physicalLocation: {region: {startLine: number}}}>}) => x.locations[0].physicalLocation.region.startLine),
      [7],
    )
  })

  it('SARIF outside git: URIs relative to the working directory when the target is below it', async () => {
    const stack = join(dir.path, 'plain', 'stack')
    mkdirSync(stack, {recursive: true})
    writeFileSync(
      join(stack, 'compose.yaml'),
      'services:\n  p:\n    image: portainer/portainer-ce:2\n    volumes: ["/var/run/docker.sock:/var/run/docker.sock"]\n',
    )
    const r = await khaos(['trial', 'run', 'plain/stack', '--only', 'F2', '--format', 'sarif'], {cwd: dir.path, env})
    assert.equal(r.exitCode, 1, r.stderr)
    const sarif = JSON.parse(r.stdout)
    assert.equal(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'plain/stack/compose.yaml')
  })

  it('the text table ends with one line per trial, worst first, and says how many findings fail the run', async () => {
    const repo = gitRepoWithStack()
    rmSync(join(repo, 'deploy', 'stack', 'broken.yml'))
    writeFileSync(join(repo, 'deploy', 'stack', 'compose.override.yaml'), 'services:\n  portainer:\n    ports: ["9000:9000"]\n')
    const r = await khaos(['trial', 'run', join(repo, 'deploy', 'stack'), '--only', 'F2,F4', '--no-report'], {cwd: dir.path, env})
    assert.equal(r.exitCode, 1, r.stderr)
    assert.match(
      r.stdout,
      /TRIAL {2}SEVERITY {2}COUNT {2}TITLE\nF2 {5}critical {6}1 {2}Container runtime socket mounted into a container\nF4 {5}medium {8}1 {2}Ports published on all interfaces\n/,
    )
    assert.match(r.stdout, /FAIL: 1 finding\(s\) at or above high \(--fail-on\)/)
    const pass = await khaos(['trial', 'run', join(repo, 'deploy', 'stack'), '--only', 'F4', '--no-report'], {cwd: dir.path, env})
    assert.equal(pass.exitCode, 0, pass.stderr)
    assert.doesNotMatch(pass.stdout, /TRIAL {2}SEVERITY/, 'a single trial needs no per-trial summary')
    assert.match(pass.stdout, /PASS: nothing at or above high/)
  })
})
