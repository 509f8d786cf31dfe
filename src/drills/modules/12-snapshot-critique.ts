import {byteCompare, Rng} from '../rng.js'
import type {DrillModule, Fixture} from '../types.js'

/**
 * Drill 12: `top -b -n 1` snapshots of several hosts. Rules: io-bound when wa >= 20.0 (checked first), else
 * cpu-bound when us + sy >= 70.0, else ok. An io-bound host reports how many processes are in state D; a
 * cpu-bound host reports the COMMAND whose processes use the most %CPU together. Traps in every seed: wa at
 * exactly 20.0, a host busy AND waiting (io wins), a host cpu-bound only with sy counted, and a cpu-bound
 * host whose single hottest process is not the hungriest command.
 */

const BUSY = ['java', 'node', 'python3', 'ffmpeg', 'postgres', 'gcc', 'cc1plus', 'php-fpm', 'ruby', 'mysqld']
const IDLE = ['systemd', 'sshd', 'cron', 'rsyslogd', 'dbus-daemon', 'containerd', 'nginx', 'chronyd', 'bash', 'agetty']
const IO = ['jbd2/sda1-8', 'rsync', 'tar', 'kworker/u8:2', 'postgres', 'mysqld', 'dd', 'find']
const USERS = ['root', 'postgres', 'www-data', 'app', 'mysql', 'deploy']

type Kind = 'io-exact' | 'io-and-busy' | 'cpu-with-sy' | 'cpu-spread' | 'io' | 'cpu' | 'ok'

interface Proc {
  command: string
  /** %CPU in tenths. */
  cpu: number
  state: string
}

interface Host {
  name: string
  /** Tenths of a percent. */
  us: number
  sy: number
  wa: number
  procs: Proc[]
  answer: string
}

const tenth = (n: number) => (n / 10).toFixed(1)

function cpuLine(rng: Rng, h: Host): string {
  const hi = rng.int(0, 3)
  const si = rng.int(0, 6)
  const id = 1000 - h.us - h.sy - h.wa - hi - si
  const f = (n: number) => tenth(n).padStart(4)
  return `%Cpu(s): ${f(h.us)} us, ${f(h.sy)} sy, ${f(0)} ni, ${f(id)} id, ${f(h.wa)} wa, ${f(hi)} hi, ${f(si)} si, ${f(0)} st `
}

function makeHost(rng: Rng, name: string, kind: Kind): Host {
  let us: number
  let sy: number
  let wa: number
  switch (kind) {
    case 'io-exact': {
      wa = 200
      us = rng.int(100, 400)
      sy = rng.int(20, 100)
      break
    }

    case 'io-and-busy': {
      wa = rng.int(205, 240)
      us = rng.int(580, 610)
      sy = rng.int(125, 140)
      break
    }

    case 'io': {
      wa = rng.int(210, 500)
      us = rng.int(50, 300)
      sy = rng.int(20, 100)
      break
    }

    case 'cpu-with-sy': {
      us = rng.int(500, 640)
      sy = 720 - us + rng.int(0, 60)
      wa = rng.int(0, 40)
      break
    }

    case 'cpu':
    case 'cpu-spread': {
      us = rng.int(650, 840)
      sy = rng.int(60, 100)
      wa = rng.int(0, Math.min(120, 980 - us - sy))
      break
    }

    default: {
      us = rng.int(20, 500)
      sy = rng.int(10, 150)
      wa = rng.int(0, 150)
      if (us + sy >= 690) us = 690 - sy - rng.int(0, 100)
    }
  }

  const procs: Proc[] = []
  const io = wa >= 200
  const cpuBound = !io && us + sy >= 700
  let answer = 'ok'
  if (io) {
    const d = rng.int(1, 5)
    for (let i = 0; i < d; i++) procs.push({command: rng.pick(IO), cpu: rng.int(0, 60), state: 'D'})
    answer = `io-bound ${d}`
    for (let i = rng.int(1, 3); i > 0; i--) procs.push({command: rng.pick(BUSY), cpu: rng.int(100, 900), state: rng.pick(['R', 'S'])})
  } else if (cpuBound) {
    const [hungry, single] = rng.sample(BUSY, 2)
    // `hungry` runs as several processes that together beat the single hottest process.
    const top = rng.int(600, 990)
    const n = rng.int(3, 5)
    const each = Math.floor(top / n) + rng.int(80, 150)
    for (let i = 0; i < n; i++) procs.push({command: hungry, cpu: each + rng.int(-30, 30), state: rng.pick(['R', 'R', 'S'])})
    procs.push({command: single, cpu: Math.max(top, ...procs.map((p) => p.cpu)) + rng.int(5, 40), state: 'R'})
    answer = `cpu-bound ${hungry}`
  } else {
    for (let i = rng.int(1, 3); i > 0; i--) procs.push({command: rng.pick(BUSY), cpu: rng.int(50, 400), state: rng.pick(['R', 'S'])})
  }

  // Idle background; a host that is not io-bound has no D-state process, so D counts stay meaningful.
  for (let i = rng.int(4, 9); i > 0; i--) procs.push({command: rng.pick(IDLE), cpu: rng.int(0, 30), state: 'S'})
  procs.sort((a, b) => b.cpu - a.cpu)
  return {answer, name, procs, sy, us, wa}
}

function render(rng: Rng, h: Host): string {
  const total = rng.int(120, 480)
  const running = h.procs.filter((p) => p.state === 'R').length
  const memTotal = rng.pick([3936.2, 7842.6, 15842.1, 31986.4, 64213.9])
  const free = memTotal * (rng.int(5, 40) / 100)
  const cache = memTotal * (rng.int(10, 30) / 100)
  const used = memTotal - free - cache
  const m = (n: number) => n.toFixed(1).padStart(8)
  const load = () => (rng.int(10, 1600) / 100).toFixed(2)
  const lines = [
    `top - ${String(rng.int(0, 23)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')} up ${rng.int(2, 200)} days,  ${rng.int(0, 23)}:${String(rng.int(10, 59))},  ${rng.int(0, 3)} users,  load average: ${load()}, ${load()}, ${load()}`,
    `Tasks: ${String(total).padStart(3)} total, ${String(running).padStart(3)} running, ${String(total - running).padStart(3)} sleeping,   0 stopped,   0 zombie`,
    cpuLine(rng, h),
    `MiB Mem : ${m(memTotal)} total, ${m(free)} free, ${m(used)} used, ${m(cache)} buff/cache     `,
    `MiB Swap: ${m(2048)} total, ${m(2048)} free, ${m(0)} used. ${m(free + cache)} avail Mem `,
    '',
    '    PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND',
  ]
  let pid = rng.int(300, 2000)
  for (const p of h.procs) {
    pid += rng.int(1, 4000)
    const res = rng.int(2000, 900_000)
    const row = [
      String(pid).padStart(7),
      rng.pick(USERS).padEnd(8),
      '20'.padStart(3),
      '0'.padStart(3),
      String(res + rng.int(10_000, 2_000_000)).padStart(7),
      String(res).padStart(6),
      String(rng.int(1000, res)).padStart(6),
      p.state,
      tenth(p.cpu).padStart(5),
      (rng.int(0, 150) / 10).toFixed(1).padStart(5),
      `${rng.int(0, 900)}:${String(rng.int(0, 59)).padStart(2, '0')}.${String(rng.int(0, 99)).padStart(2, '0')}`.padStart(9),
      p.command,
    ]
    lines.push(row.join(' '))
  }

  return lines.join('\n') + '\n'
}

export function generate(seed: number): Fixture {
  const rng = new Rng(seed)
  const kinds: Kind[] = ['io-exact', 'io-and-busy', 'cpu-with-sy', 'cpu-spread', 'ok']
  for (let i = rng.int(1, 3); i > 0; i--) kinds.push(rng.pick(['io', 'cpu', 'ok'] as const))
  const names = new Set<string>()
  while (names.size < kinds.length) names.add(`${rng.pick(['db', 'web', 'app', 'ci', 'cache', 'etl'])}-${String(rng.int(1, 30)).padStart(2, '0')}`)
  const hosts = rng.shuffle(kinds).map((kind, i) => makeHost(rng, [...names][i], kind))
  const files: Record<string, string> = {}
  for (const h of hosts) files[`snapshots/${h.name}.txt`] = render(rng, h)
  const expected = hosts
    .sort((a, b) => byteCompare(a.name, b.name))
    .map((h) => `${h.name} ${h.answer}\n`)
    .join('')
  return {expected, files}
}

const drill: DrillModule = {generate}
export default drill
