import {strict as assert} from 'node:assert'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {ROOT} from '../helpers/cli.js'

describe('command snapshot: flags, arguments and commands are a reviewed interface', () => {
  it('command-snapshot.json matches the built manifest (after a deliberate change: npm run snapshot:update)', async () => {
    // @ts-expect-error: a plain ES module script without types
    const {commandSnapshot} = (await import('../../scripts/command-snapshot.js')) as {commandSnapshot: (manifest: unknown) => unknown}
    const manifest = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8'))
    const committed = JSON.parse(readFileSync(join(ROOT, 'command-snapshot.json'), 'utf8'))
    assert.deepEqual(commandSnapshot(manifest), committed)
  })
})
