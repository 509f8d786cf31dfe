import {byteCompare, Rng} from '../rng.js'
import type {DrillModule, Fixture} from '../types.js'

/**
 * Drill 15: create a file of an exact size (MiB, not MB), then judge dd write benchmarks. Expected: the
 * POSIX `cksum` of the zero-filled file, then per result `NAME MiB/s trusted|cached`, then the fastest
 * trusted result. Traps in every seed: GNU and BSD dd report formats, the printed GNU rate in decimal MB/s,
 * a `conv=notrunc` run (a conv= that does not sync: cached), a `conv=notrunc,fdatasync` run (trusted), and
 * the fastest run overall being a cached one.
 */

const DISKS = ['nvme0', 'nvme1', 'sda', 'sdb', 'ebs-gp3', 'ebs-io2', 'nfs', 'raid10', 'usb']
const FS = ['ext4', 'xfs', 'btrfs', 'zfs', 'apfs']
const TRUSTED = ['oflag=direct', 'conv=fdatasync', 'oflag=dsync', 'conv=fsync', 'conv=notrunc,fdatasync']
const CACHED = ['', 'conv=notrunc', 'status=progress']

/** The POSIX cksum CRC (polynomial 0x04C11DB7, MSB first, length appended, complemented). */
const TABLE = (() => {
  const table = new Uint32Array(256)
  for (let i = 0; i < 256; i++) {
    let c = i << 24
    for (let k = 0; k < 8; k++) c = c & 0x80_00_00_00 ? (c << 1) ^ 0x04_c1_1d_b7 : c << 1
    table[i] = c >>> 0
  }

  return table
})()

export function cksumZeros(size: number): string {
  let crc = 0
  // All data bytes are zero: crc = (crc << 8) ^ TABLE[crc >>> 24].
  for (let i = 0; i < size; i++) crc = ((crc << 8) ^ TABLE[crc >>> 24]) >>> 0
  for (let n = size; n > 0; n = Math.floor(n / 256)) crc = ((crc << 8) ^ TABLE[((crc >>> 24) ^ (n & 0xff)) & 0xff]) >>> 0
  return `${~crc >>> 0} ${size}`
}

interface Run {
  name: string
  flag: string
  bytes: number
  secs: string
  gnu: boolean
  mibps: number
}

function human(bytes: number): string {
  return bytes >= 1e9
    ? `${(bytes / 1e9).toFixed(1)} GB, ${(bytes / 2 ** 30).toFixed(1)} GiB`
    : `${Math.round(bytes / 1e6)} MB, ${Math.round(bytes / 2 ** 20)} MiB`
}

function rate(bytesPerSec: number): string {
  if (bytesPerSec >= 1e9) return `${(bytesPerSec / 1e9).toFixed(1)} GB/s`
  return `${Math.round(bytesPerSec / 1e6)} MB/s`
}

function render(run: Run): string {
  const count = run.bytes / 2 ** 20
  const head = `$ dd if=/dev/zero of=/mnt/${run.name}/ddtest bs=1M count=${count}${run.flag ? ` ${run.flag}` : ''}\n${count}+0 records in\n${count}+0 records out\n`
  const secs = Number(run.secs)
  return run.gnu
    ? `${head}${run.bytes} bytes (${human(run.bytes)}) copied, ${run.secs} s, ${rate(run.bytes / secs)}\n`
    : `${head}${run.bytes} bytes transferred in ${run.secs} secs (${Math.floor(run.bytes / secs)} bytes/sec)\n`
}

export function generate(seed: number): Fixture {
  const rng = new Rng(seed)
  const mib = rng.int(1, 8)
  const extra = rng.int(1, 4095)
  const size = mib * 2 ** 20 + extra
  const names = new Set<string>()
  const count = rng.int(5, 7)
  while (names.size < count) names.add(`${rng.pick(DISKS)}-${rng.pick(FS)}`)
  const flags = rng.shuffle([
    'conv=notrunc',
    'conv=notrunc,fdatasync',
    rng.pick(TRUSTED),
    rng.pick(CACHED),
    ...Array.from({length: count - 4}, () => rng.pick([...TRUSTED, ...CACHED])),
  ])
  const runs: Run[] = [...names].map((name, i) => {
    const bytes = rng.pick([256, 512, 1024, 2048, 4096]) * 2 ** 20
    const trusted = /(oflag|conv)=\S*(direct|dsync|fsync|fdatasync)/.test(flags[i])
    // Real page-cache numbers are several times what the disk does.
    let mibps = (trusted ? rng.int(80_000, 1_800_000) : rng.int(900_000, 2_500_000)) / 1000
    let secs = ''
    for (;;) {
      const gnu = rng.chance(0.5)
      secs = gnu ? (bytes / 2 ** 20 / mibps).toFixed(rng.pick([4, 5, 6])) : (bytes / 2 ** 20 / mibps).toFixed(6)
      const value = bytes / Number(secs) / 1_048_576
      const frac = value * 10 - Math.floor(value * 10)
      // Keep clear of .x5 rounding ties, where C printf and JS toFixed may legitimately differ.
      if (Math.abs(frac - 0.5) > 1e-3 && Number(secs) > 0) return {bytes, flag: flags[i], gnu, mibps: value, name, secs}
      mibps += 0.37
    }
  })
  const trusted = (r: Run) => /(oflag|conv)=\S*(direct|dsync|fsync|fdatasync)/.test(r.flag)
  // The fastest run overall must be a cached one (the trap), so raise one cached run above everything.
  const fastest = Math.max(...runs.map((r) => r.mibps))
  const cached = runs.find((r) => !trusted(r))!
  if (cached.mibps < fastest + 50) {
    const mibps = fastest + rng.int(60, 400)
    cached.secs = (cached.bytes / 2 ** 20 / mibps).toFixed(6)
    cached.mibps = cached.bytes / Number(cached.secs) / 1_048_576
    const frac = cached.mibps * 10 - Math.floor(cached.mibps * 10)
    if (Math.abs(frac - 0.5) <= 1e-3) {
      cached.secs = (Number(cached.secs) + 0.000_001).toFixed(6)
      cached.mibps = cached.bytes / Number(cached.secs) / 1_048_576
    }
  }

  const files: Record<string, string> = {
    'spec.txt': `# Benchmark prep: create blank.img, zero-filled, of exactly this size\nsize: ${mib} MiB + ${extra} bytes\n`,
  }
  for (const run of runs) files[`results/${run.name}.txt`] = render(run)
  const sorted = [...runs].sort((a, b) => byteCompare(a.name, b.name))
  const best = runs.filter(trusted).sort((a, b) => b.mibps - a.mibps)[0]
  const expected =
    [cksumZeros(size), ...sorted.map((r) => `${r.name} ${r.mibps.toFixed(1)} ${trusted(r) ? 'trusted' : 'cached'}`), `best ${best.name}`].join('\n') + '\n'
  return {expected, files}
}

const drill: DrillModule = {generate}
export default drill
