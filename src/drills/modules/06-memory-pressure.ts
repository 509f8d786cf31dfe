import {byteCompare, Rng} from '../rng.js'
import type {DrillModule, Fixture} from '../types.js'

/**
 * Drill 06: /proc/meminfo snapshots of several hosts. Expected: hosts whose used memory
 * (MemTotal - MemAvailable, as a whole percent rounded down) is at least 80, as `HOST PCT`, highest first,
 * ties by host. Traps in every seed: a host whose MemFree is tiny but MemAvailable large (page cache), a
 * host at exactly 80, a host at N.5 or more (rounding would give N+1), a non-meminfo file in the folder.
 */

const HOSTS = ['api', 'db', 'cache', 'worker', 'ingest', 'search', 'batch', 'edge', 'queue', 'metrics', 'auth', 'mail']
const THRESHOLD = 80

function meminfo(rng: Rng, total: number, available: number, free: number): string {
  const buffers = rng.int(10_000, 300_000)
  const cached = Math.max(0, available - free - buffers + rng.int(0, 50_000))
  const swapTotal = rng.pick([0, 2_097_148, 4_194_300])
  const rows: Array<[string, number]> = [
    ['MemTotal', total],
    ['MemFree', free],
    ['MemAvailable', available],
    ['Buffers', buffers],
    ['Cached', cached],
    ['SwapCached', rng.int(0, 5000)],
    ['Active', rng.int(100_000, total / 2)],
    ['Inactive', rng.int(100_000, total / 3)],
    ['SwapTotal', swapTotal],
    ['SwapFree', swapTotal === 0 ? 0 : rng.int(0, swapTotal)],
    ['Dirty', rng.int(0, 2000)],
    ['Shmem', rng.int(1000, 90_000)],
    ['Slab', rng.int(50_000, 400_000)],
    ['HugePages_Total', 0],
  ]
  return rows.map(([k, v]) => `${`${k}:`.padEnd(16)}${String(Math.round(v)).padStart(8)} ${k.startsWith('HugePages') ? '' : 'kB'}`.trimEnd()).join('\n') + '\n'
}

export function generate(seed: number): Fixture {
  const rng = new Rng(seed)
  const hosts = rng.sample(HOSTS, rng.int(6, 9))
  const files: Record<string, string> = {}
  const results: Array<{host: string; pct: number}> = []
  for (const [i, host] of hosts.entries()) {
    const total = rng.pick([2_000_000, 4_000_000, 8_000_000, 16_000_000, 32_000_000, 64_000_000]) - 5 * rng.int(0, 40_000)
    let available: number
    let free: number
    if (i === 0) {
      // Exactly at the threshold: (total - available) * 100 / total == 80.
      available = total / 5
      free = Math.round(available * 0.3)
    } else if (i === 1) {
      // Used 8x.5 .. 8x.9 %: rounding would report one more than rounding down.
      const pct = rng.int(81, 95) + 0.5 + rng.int(0, 4) / 10
      available = Math.round((total * (100 - pct)) / 100)
      free = Math.round(available * 0.5)
    } else if (i === 2) {
      // Looks full by MemFree (page cache), fine by MemAvailable.
      available = Math.round((total * rng.int(40, 70)) / 100)
      free = Math.round((total * rng.int(2, 6)) / 100)
    } else {
      available = Math.round((total * rng.int(3, 60)) / 100) + rng.int(0, 999)
      free = Math.round((available * rng.int(10, 90)) / 100)
    }

    files[`snapshots/${host}.meminfo`] = meminfo(rng, total, available, free)
    const pct = Math.floor(((total - available) * 100) / total)
    if (pct >= THRESHOLD) results.push({host, pct})
  }

  files['snapshots/notes.txt'] = 'MemTotal: 1 kB\nMemAvailable: 0 kB\n(sample, not a host)\n'
  const expected = results.sort((a, b) => b.pct - a.pct || byteCompare(a.host, b.host)).map((r) => `${r.host} ${r.pct}`)
  return {expected: expected.join('\n') + '\n', files}
}

const drill: DrillModule = {generate}
export default drill
