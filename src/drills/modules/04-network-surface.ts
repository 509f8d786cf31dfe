import {byteCompare, Rng} from '../rng.js'
import type {DrillModule, Fixture} from '../types.js'

/**
 * Drill 04: a saved `ss -tlnp` listing. Expected: `PORT PROCESS` for every listener reachable from other
 * hosts (bound to anything but loopback), unique, by port number then process name. Traps in every seed:
 * sshd on both 0.0.0.0 and [::] (one line, not two), 127.0.0.53%lo (systemd-resolved), [::1], a v4-mapped
 * loopback [::ffff:127.0.0.1], a service on 127.0.0.1 AND [::] (reachable), port 111 vs 22 (numeric order).
 */

const APPS = ['node', 'gunicorn', 'java', 'nginx', 'caddy', 'grafana', 'prometheus', 'puma', 'uwsgi', 'envoy', 'vault', 'consul']
const LOOPBACK = ['127.0.0.1', '[::1]', '[::ffff:127.0.0.1]', '127.0.1.1']
const OUTSIDE = ['0.0.0.0', '[::]', '*', '10.0.3.7', '192.168.56.10', '[fe80::5054:ff:fe12:3456%eth0]']

interface Listener {
  addr: string
  port: number
  proc: string
  pid: number
}

function isLoopback(addr: string): boolean {
  const host = addr.replace(/^\[|\]$/g, '').replace(/%.*$/, '')
  return host.startsWith('127.') || host === '::1' || host.startsWith('::ffff:127.')
}

function render(rows: Listener[], rng: Rng): string {
  const header = 'State  Recv-Q Send-Q                      Local Address:Port    Peer Address:Port Process'
  const lines = rows.map((r) => {
    const local = `${r.addr}:${r.port}`
    const peer = r.addr.startsWith('[') ? '[::]:*' : '0.0.0.0:*'
    return `LISTEN ${String(0).padEnd(6)} ${String(rng.pick([128, 511, 4096, 50])).padEnd(6)} ${local.padStart(36)} ${peer.padStart(20)} users:(("${r.proc}",pid=${r.pid},fd=${rng.int(3, 40)}))`
  })
  return [header, ...lines].join('\n') + '\n'
}

export function generate(seed: number): Fixture {
  const rng = new Rng(seed)
  const rows: Listener[] = []
  const pid = () => rng.int(300, 40_000)
  const sshPid = pid()
  rows.push({addr: '0.0.0.0', pid: sshPid, port: 22, proc: 'sshd'}, {addr: '[::]', pid: sshPid, port: 22, proc: 'sshd'})
  rows.push({addr: rng.pick(['0.0.0.0', '*']), pid: 1, port: 111, proc: 'rpcbind'})
  rows.push({addr: '127.0.0.53%lo', pid: pid(), port: 53, proc: 'systemd-resolve'})
  rows.push({addr: '[::1]', pid: pid(), port: rng.pick([5432, 25, 631]), proc: rng.pick(['postgres', 'exim4', 'cupsd'])})
  const used = new Set(rows.map((r) => r.port))
  const port = () => {
    let p = rng.int(1024, 9999)
    while (used.has(p)) p = rng.int(1024, 9999)
    used.add(p)
    return p
  }

  rows.push({addr: '[::ffff:127.0.0.1]', pid: pid(), port: port(), proc: rng.pick(APPS)})
  const both = {pid: pid(), port: port(), proc: rng.pick(APPS)}
  rows.push({...both, addr: '127.0.0.1'}, {...both, addr: '[::]'})
  for (let i = rng.int(4, 9); i > 0; i--) {
    const outside = rng.chance(0.5)
    rows.push({addr: outside ? rng.pick(OUTSIDE) : rng.pick(LOOPBACK), pid: pid(), port: port(), proc: rng.pick(APPS)})
  }

  const reachable = new Map<string, {port: number; proc: string}>()
  for (const r of rows) if (!isLoopback(r.addr)) reachable.set(`${r.port} ${r.proc}`, {port: r.port, proc: r.proc})
  const expected = [...reachable.values()].sort((a, b) => a.port - b.port || byteCompare(a.proc, b.proc)).map((r) => `${r.port} ${r.proc}`)
  return {expected: expected.join('\n') + '\n', files: {'ss-tlnp.txt': render(rng.shuffle(rows), rng)}}
}

const drill: DrillModule = {generate}
export default drill
