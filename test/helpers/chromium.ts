import {execa} from 'execa'
import assert from 'node:assert/strict'
import {accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {PNG} from 'pngjs'

/**
 * A real headless browser for the HTML reports: Debian's `chromium` (CI installs it). Each call starts a
 * fresh browser with its own profile in a temp folder, so tests never touch the user's.
 */

function findChromium(): string | undefined {
  for (const name of ['chromium', 'chromium-browser']) {
    for (const dir of (process.env.PATH ?? '').split(':')) {
      try {
        accessSync(join(dir, name), constants.X_OK)
        return join(dir, name)
      } catch {
        // Not here or not executable: try the next candidate.
      }
    }
  }

  return undefined
}

export const CHROMIUM = findChromium()
export const CHROMIUM_MISSING = 'chromium is not installed (apt-get install -y chromium): the browser test of the HTML reports is skipped'

export interface PageLoad {
  /** The DOM after load (`--dump-dom`). */
  dom: string
  /** Messages the page logged to the console (errors, CSP violations, failed loads). */
  console: string[]
  png: PNG
  /** Pixels that are not (near) white. */
  inked: number
}

async function chromium(profile: string, args: string[]): Promise<{stdout: string; stderr: string}> {
  const result = await execa(
    CHROMIUM!,
    [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-extensions',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
      '--enable-logging=stderr',
      '--v=0',
      ...args,
    ],
    {env: {HOME: profile}, extendEnv: true, reject: false, stdin: 'ignore', timeout: 90_000},
  )
  if (result.exitCode !== 0) throw new Error(`chromium exited ${result.exitCode}: ${String(result.stderr).slice(-2000)}`)
  return {stderr: String(result.stderr), stdout: String(result.stdout)}
}

/**
 * Loads a local HTML file twice (a screenshot at 1200x900, then the DOM), collecting console messages from both.
 * `search` ("?q=…") is added to the page's URL, for pages whose script reads it.
 */
export async function loadPage(file: string, search = ''): Promise<PageLoad> {
  const profile = mkdtempSync(join(tmpdir(), 'khaos-chromium-'))
  try {
    const url = `${pathToFileURL(file).href}${search}`
    const shot = join(profile, 'shot.png')
    const a = await chromium(join(profile, 'a'), [`--screenshot=${shot}`, '--window-size=1200,900', '--hide-scrollbars', url])
    const b = await chromium(join(profile, 'b'), ['--dump-dom', url])
    const console = `${a.stderr}\n${b.stderr}`.split('\n').filter((line) => /:CONSOLE[:(]\d+\)?\]|Refused to|net::ERR_/.test(line))
    const png = PNG.sync.read(readFileSync(shot))
    let inked = 0
    for (let i = 0; i < png.data.length; i += 4) if (png.data[i] < 235 || png.data[i + 1] < 235 || png.data[i + 2] < 235) inked++
    return {console, dom: b.stdout, inked, png}
  } finally {
    rmSync(profile, {force: true, recursive: true})
  }
}

/**
 * The browser check every HTML report gets: written to a temp file and loaded in Chromium, it must log nothing to
 * the console and show a page that is not blank. Skips the test (saying why) without chromium; returns the load
 * for the report's own assertions on the DOM.
 */
export async function checkInChromium(test: Mocha.Context, html: string): Promise<PageLoad> {
  if (!CHROMIUM) {
    console.log(`      ${CHROMIUM_MISSING}`)
    test.skip()
  }

  test.timeout(240_000)
  const dir = mkdtempSync(join(tmpdir(), 'khaos-html-'))
  try {
    const file = join(dir, 'report.html')
    writeFileSync(file, html)
    const page = await loadPage(file)
    assert.deepEqual(page.console, [], 'no console message: no error, nothing blocked')
    assert.equal(page.png.width, 1200)
    assert.ok(page.inked > 20_000, `only ${page.inked} non-white pixels: the page looks blank`)
    return page
  } finally {
    rmSync(dir, {force: true, recursive: true})
  }
}
