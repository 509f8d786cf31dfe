import {byteCompare, Rng} from '../rng.js'
import type {DrillModule, Fixture} from '../types.js'

/**
 * Drill 02: an sshd auth log. Expected: IPs with >= 5 "Failed password" lines and no "Accepted" login, as
 * `COUNT IP`, count descending then IP ascending. Traps, each guaranteed present in every seed: an IP at
 * exactly the threshold, a legitimate user who mistyped >= 5 times then logged in, "invalid user" lines
 * (the IP moves one column), "Failed publickey" decoys, IPs just under the threshold.
 */

const THRESHOLD = 5
const USERS = ['root', 'admin', 'ubuntu', 'oracle', 'test', 'git', 'postgres', 'pi', 'user', 'ftp']
const STAFF = ['alice', 'bob', 'deploy', 'carol', 'ops']

interface Event {
  at: number
  text: string
}

function stamp(seconds: number): string {
  const day = 3 + Math.floor(seconds / 86_400)
  const rest = seconds % 86_400
  const hh = String(Math.floor(rest / 3600)).padStart(2, '0')
  const mm = String(Math.floor((rest % 3600) / 60)).padStart(2, '0')
  const ss = String(rest % 60).padStart(2, '0')
  return `Mar ${String(day).padStart(2, ' ')} ${hh}:${mm}:${ss}`
}

export function generate(seed: number): Fixture {
  const rng = new Rng(seed)
  const ips = new Set<string>()
  const freshIp = () => {
    let ip = rng.ipv4()
    while (ips.has(ip)) ip = rng.ipv4()
    ips.add(ip)
    return ip
  }

  const events: Event[] = []
  const when = () => rng.int(0, 2 * 86_400 - 1)
  const port = () => rng.int(32_768, 60_999)
  const failed = (ip: string) => {
    const user = rng.pick(USERS)
    const invalid = user !== 'root' && rng.chance(0.6)
    events.push({at: when(), text: `Failed password for ${invalid ? 'invalid user ' : ''}${user} from ${ip} port ${port()} ssh2`})
    if (invalid && rng.chance(0.5)) events.push({at: when(), text: `Invalid user ${user} from ${ip} port ${port()}`})
  }

  const attackers = new Map<string, number>()
  const count = rng.int(3, 6)
  for (let i = 0; i < count; i++) attackers.set(freshIp(), i === 0 ? THRESHOLD : rng.int(THRESHOLD, 40))
  for (const [ip, n] of attackers) for (let i = 0; i < n; i++) failed(ip)

  // Just under the threshold: not reported.
  for (let i = rng.int(2, 4); i > 0; i--) {
    const ip = freshIp()
    for (let j = rng.int(1, THRESHOLD - 1); j > 0; j--) failed(ip)
  }

  // Staff: some mistype often, then log in — never reported, whatever their failure count.
  for (let i = rng.int(2, 4); i > 0; i--) {
    const ip = freshIp()
    const user = rng.pick(STAFF)
    const misses = i === 1 ? rng.int(THRESHOLD, THRESHOLD + 6) : rng.int(0, 3)
    for (let j = 0; j < misses; j++) events.push({at: when(), text: `Failed password for ${user} from ${ip} port ${port()} ssh2`})
    events.push({at: when(), text: `Accepted ${rng.pick(['password', 'publickey'])} for ${user} from ${ip} port ${port()} ssh2`})
  }

  // Decoys: key probes are not password failures; noise lines without "from".
  for (let i = rng.int(3, 8); i > 0; i--) {
    events.push({at: when(), text: `Failed publickey for ${rng.pick(STAFF)} from ${rng.pick([...attackers.keys()])} port ${port()} ssh2`})
  }

  for (let i = rng.int(5, 12); i > 0; i--) {
    events.push({
      at: when(),
      text: rng.pick([
        'Server listening on 0.0.0.0 port 22.',
        'Received SIGHUP; restarting.',
        `pam_unix(sshd:session): session closed for user ${rng.pick(STAFF)}`,
      ]),
    })
  }

  events.sort((a, b) => a.at - b.at)
  const log = events.map((e) => `${stamp(e.at)} bastion sshd[${rng.int(1000, 65_000)}]: ${e.text}`).join('\n') + '\n'
  const expected =
    [...attackers]
      .sort((a, b) => b[1] - a[1] || byteCompare(a[0], b[0]))
      .map(([ip, n]) => `${n} ${ip}`)
      .join('\n') + '\n'
  return {expected, files: {'auth.log': log}}
}

const drill: DrillModule = {generate}
export default drill
