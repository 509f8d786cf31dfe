import {strict as assert} from 'node:assert'
import {existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {InputError} from '../../src/shared/errors.js'
import {readTextFile} from '../../src/shared/input.js'
import {assertSafeName} from '../../src/shared/names.js'
import {resolveTimestamp} from '../../src/shared/time.js'
import {writeDirAtomic, writeFileAtomic} from '../../src/shared/atomic.js'
import {khaos, tempDir} from '../helpers/cli.js'

describe('shared layer', () => {
  describe('assertSafeName', () => {
    for (const bad of ['', '.', '..', '../x', 'a/b', 'a b', 'x"y', 'line\nbreak', 'é', 'a'.repeat(65)]) {
      it(`refuses ${JSON.stringify(bad)}`, () => {
        assert.throws(
          () => assertSafeName(bad),
          (error: unknown) => error instanceof InputError && error.exitCode === 2,
        )
      })
    }

    for (const good of ['s1', 'session-2026.01_a', 'a'.repeat(64), '...']) {
      it(`accepts ${JSON.stringify(good)}`, () => assert.equal(assertSafeName(good), good))
    }
  })

  describe('resolveTimestamp', () => {
    it('prefers the flag, normalised to UTC seconds', () => {
      assert.deepEqual(resolveTimestamp('2026-01-31T13:00:00+01:00', {SOURCE_DATE_EPOCH: '0'}), {iso: '2026-01-31T12:00:00Z', source: 'flag'})
    })
    it('falls back to SOURCE_DATE_EPOCH', () => {
      assert.deepEqual(resolveTimestamp(undefined, {SOURCE_DATE_EPOCH: '1700000000'}), {iso: '2023-11-14T22:13:20Z', source: 'SOURCE_DATE_EPOCH'})
    })
    it('refuses a date without a zone and a bad epoch', () => {
      assert.throws(() => resolveTimestamp('2026-01-31'), InputError)
      assert.throws(() => resolveTimestamp('2026-01-31T12:00:00'), InputError)
      assert.throws(() => resolveTimestamp(undefined, {SOURCE_DATE_EPOCH: '12abc'}), InputError)
    })
    it('refuses days and times that do not exist instead of rolling them over', () => {
      for (const bad of [
        '2026-02-30T12:00:00Z',
        '2026-02-29T12:00:00Z',
        '2026-04-31T00:00:00Z',
        '2026-13-01T00:00:00Z',
        '2026-00-10T00:00:00Z',
        '2026-01-31T24:00:00Z',
        '2026-01-31T12:60:00Z',
        '2026-01-31T12:00:60Z',
        '2026-01-31T12:00:00+25:00',
      ]) {
        assert.throws(() => resolveTimestamp(bad), /not a real date and time/, bad)
      }

      assert.equal(resolveTimestamp('2028-02-29T23:59:59Z').iso, '2028-02-29T23:59:59Z', 'a leap day is real')
      assert.equal(resolveTimestamp('2026-12-31T23:30:00-01:00').iso, '2027-01-01T00:30:00Z')
    })
  })

  describe('atomic writes', () => {
    let dir: ReturnType<typeof tempDir>
    beforeEach(() => {
      dir = tempDir()
    })
    afterEach(() => dir.cleanup())

    it('writes a file and leaves no temp file behind', () => {
      const target = join(dir.path, 'sub', 'a.txt')
      writeFileAtomic(target, 'hello')
      assert.equal(readFileSync(target, 'utf8'), 'hello')
      assert.deepEqual(readdirSync(join(dir.path, 'sub')), ['a.txt'])
    })

    it('refuses to replace an existing file unless told to', () => {
      const target = join(dir.path, 'a.txt')
      writeFileAtomic(target, 'one')
      assert.throws(() => writeFileAtomic(target, 'two'), /already exists; pass --force/)
      assert.equal(readFileSync(target, 'utf8'), 'one')
      writeFileAtomic(target, 'two', {overwrite: true})
      assert.equal(readFileSync(target, 'utf8'), 'two')
    })

    it('applies the requested mode', () => {
      const target = join(dir.path, 'secret')
      writeFileAtomic(target, 'x', {mode: 0o600})
      assert.equal(statSync(target).mode & 0o777, 0o600)
    })

    it('writes a directory all at once and swaps it on overwrite', () => {
      const target = join(dir.path, 'out')
      writeDirAtomic(target, {'a.txt': 'a', 'nested/b.txt': 'b'})
      assert.equal(readFileSync(join(target, 'nested', 'b.txt'), 'utf8'), 'b')
      assert.throws(() => writeDirAtomic(target, {'c.txt': 'c'}), /already exists/)
      writeDirAtomic(target, {'c.txt': 'c'}, {overwrite: true})
      assert.deepEqual(readdirSync(target), ['c.txt'])
      assert.deepEqual(readdirSync(dir.path), ['out'])
    })

    it('refuses a relative path that escapes the directory', () => {
      assert.throws(() => writeDirAtomic(join(dir.path, 'out'), {'../evil': 'x'}), /outside/)
      assert.equal(existsSync(join(dir.path, 'evil')), false)
    })
  })

  describe('readTextFile', () => {
    let dir: ReturnType<typeof tempDir>
    beforeEach(() => {
      dir = tempDir()
    })
    afterEach(() => dir.cleanup())

    it('names the problem: missing, directory, binary, bad UTF-8, too large', () => {
      assert.throws(() => readTextFile(join(dir.path, 'nope')), /no such file/)
      mkdirSync(join(dir.path, 'd'))
      assert.throws(() => readTextFile(join(dir.path, 'd')), /is a directory/)
      writeFileSync(join(dir.path, 'bin'), Buffer.from([0x41, 0x00, 0x42]))
      assert.throws(() => readTextFile(join(dir.path, 'bin')), /binary data/)
      writeFileSync(join(dir.path, 'latin1'), Buffer.from([0x63, 0x61, 0x66, 0xe9]))
      assert.throws(() => readTextFile(join(dir.path, 'latin1')), /not valid UTF-8/)
      writeFileSync(join(dir.path, 'big'), 'x'.repeat(2048))
      assert.throws(() => readTextFile(join(dir.path, 'big'), {maxBytes: 1024}), /over the 1\.0 KiB limit/)
    })

    it('drops a BOM', () => {
      writeFileSync(join(dir.path, 'bom'), '\uFEFFhello')
      assert.equal(readTextFile(join(dir.path, 'bom')), 'hello')
    })
  })
})

describe('khaos (the CLI itself)', () => {
  it('prints its version', async () => {
    const {exitCode, stdout} = await khaos(['--version'])
    assert.equal(exitCode, 0)
    assert.match(stdout, /^khaos\/\d+\.\d+\.\d+ /)
  })

  it('exits 2 with a compact JSON error on an unknown flag under --json', async () => {
    const {exitCode, stdout} = await khaos(['doctor', '--bogus', '--json'])
    assert.equal(exitCode, 2)
    const parsed = JSON.parse(stdout)
    assert.equal(parsed.error.exit, 2)
    assert.match(parsed.error.message, /Nonexistent flag: --bogus/)
  })

  it('doctor reports the state root from KHAOS_HOME', async () => {
    const home = tempDir()
    try {
      const {exitCode, stdout} = await khaos(['doctor', '--json'], {env: {KHAOS_HOME: home.path}})
      assert.equal(exitCode, 0)
      const report = JSON.parse(stdout)
      assert.equal(report.stateRoot, home.path)
      assert.equal(report.ci, true)
      assert.equal(report.interactive, false)
      assert.ok(report.tools.some((t: {name: string}) => t.name === 'minisign'))
    } finally {
      home.cleanup()
    }
  })
})
