import {byteCompare, Rng} from '../rng.js'
import type {DrillModule, Fixture} from '../types.js'

/**
 * Drill 17: judge given Terraform (security groups open to the world on SSH) and write Terraform from a
 * spec (a CSV of firewall rules, CRLF, with a header and port ranges). Expected: the sorted `open-ssh FILE
 * RESOURCE` findings, then one aws_security_group_rule block per CSV row. Traps in every seed: a port range
 * that covers 22, SSH open over IPv6 (::/0), a group open to the world on 443 but SSH only inside, a
 * commented-out world CIDR, port 2222, world-open egress; and in the CSV: CRLF, the header, a range.
 */

const GROUPS = ['bastion', 'web', 'api', 'db', 'cache', 'jump', 'ci-runner', 'vpn', 'metrics', 'admin', 'legacy', 'batch']
const FILES = ['network.tf', 'security.tf', 'bastion.tf', 'legacy.tf', 'services.tf']
const PRIVATE = ['10.0.0.0/8', '10.20.0.0/16', '172.16.0.0/12', '192.168.10.0/24']
const RULES: Array<[string, number]> = [
  ['https', 443],
  ['http-alt', 8080],
  ['grafana', 3000],
  ['node-exporter', 9100],
  ['postgres', 5432],
  ['redis', 6379],
  ['kafka', 9092],
  ['smtp', 25],
  ['ldaps', 636],
  ['nfs', 2049],
]
const DESCRIPTIONS = ['public web traffic', 'office VPN only', 'monitoring scrape', 'partner API', 'replication from DR site', 'health checks']

type Trap = 'ssh-world' | 'all-ports' | 'ssh-v6' | 'web-only' | 'commented' | 'port-2222' | 'egress' | 'plain'

interface Ingress {
  from: number
  to: number
  cidr: string
  v6?: boolean
  commentedWorld?: boolean
}

function ingressBlock(rule: Ingress): string[] {
  const lines = ['  ingress {', `    from_port   = ${rule.from}`, `    to_port     = ${rule.to}`, '    protocol    = "tcp"']
  if (rule.commentedWorld) lines.push('    # cidr_blocks = ["0.0.0.0/0"] # temporary, remove after the migration')
  lines.push(rule.v6 ? `    ipv6_cidr_blocks = ["${rule.cidr}"]` : `    cidr_blocks = ["${rule.cidr}"]`, '  }')
  return lines
}

function group(rng: Rng, name: string, trap: Trap): {text: string; open: boolean} {
  const rules: Ingress[] = []
  const priv = () => rng.pick(PRIVATE)
  switch (trap) {
    case 'ssh-world': {
      rules.push({cidr: '0.0.0.0/0', from: 22, to: 22})
      break
    }
    case 'all-ports': {
      rules.push({cidr: '0.0.0.0/0', from: 0, to: 65_535})
      break
    }
    case 'ssh-v6': {
      rules.push({cidr: priv(), from: 22, to: 22}, {cidr: '::/0', from: 22, to: 22, v6: true})
      break
    }
    case 'web-only': {
      rules.push({cidr: '0.0.0.0/0', from: 443, to: 443}, {cidr: priv(), from: 22, to: 22})
      break
    }
    case 'commented': {
      rules.push({cidr: priv(), commentedWorld: true, from: 22, to: 22})
      break
    }
    case 'port-2222': {
      rules.push({cidr: '0.0.0.0/0', from: 2222, to: 2222})
      break
    }
    default: {
      rules.push({cidr: priv(), from: rng.pick([22, 5432, 6379, 9100]), to: 0})
      rules[0].to = rules[0].from
    }
  }

  if (rng.chance(0.5)) rules.push({cidr: priv(), from: rng.pick([80, 8080, 9090]), to: 0})
  for (const r of rules) if (r.to === 0) r.to = r.from
  const lines = [
    `resource "aws_security_group" "${name}" {`,
    `  name        = "${name}"`,
    `  description = "${name} servers"`,
    '  vpc_id      = aws_vpc.main.id',
    '',
  ]
  for (const r of rng.shuffle(rules)) lines.push(...ingressBlock(r), '')
  lines.push('  egress {', '    from_port   = 0', '    to_port     = 0', '    protocol    = "-1"', '    cidr_blocks = ["0.0.0.0/0"]', '  }', '}')
  const open = rules.some((r) => (r.cidr === '0.0.0.0/0' || r.cidr === '::/0') && r.from <= 22 && r.to >= 22)
  return {open, text: lines.join('\n')}
}

export function generate(seed: number): Fixture {
  const rng = new Rng(seed)
  const traps: Trap[] = ['ssh-world', 'all-ports', 'ssh-v6', 'web-only', 'commented', 'port-2222', 'egress']
  for (let i = rng.int(0, 3); i > 0; i--) traps.push(rng.pick(['plain', 'ssh-world', 'web-only'] as const))
  const names = rng.sample(GROUPS, traps.length)
  const files = rng.sample(FILES, 3)
  const byFile = new Map<string, string[]>()
  const findings: string[] = []
  rng.shuffle(traps).forEach((trap, i) => {
    const file = `infra/${files[i % files.length]}`
    const {open, text} = group(rng, names[i], trap)
    byFile.set(file, [...(byFile.get(file) ?? []), text])
    if (open) findings.push(`open-ssh ${file} aws_security_group.${names[i]}`)
  })

  const out: Record<string, string> = {}
  for (const [file, blocks] of byFile) out[file] = blocks.join('\n\n') + '\n'

  // The spec: CRLF, a header, 3-5 rules, at least one port range.
  const rows = rng.sample(RULES, rng.int(3, 5)).map(([name, from], i) => {
    const ports = i === 0 ? `${from}-${from + rng.int(1, 100)}` : rng.chance(0.3) ? `${from}-${from + rng.int(1, 20)}` : String(from)
    return {cidr: rng.pick([...PRIVATE, '203.0.113.0/24', '198.51.100.7/32']), description: rng.pick(DESCRIPTIONS), name, ports}
  })
  const shuffled = rng.shuffle(rows)
  out['firewall.csv'] = ['name,ports,cidr,description', ...shuffled.map((r) => `${r.name},${r.ports},${r.cidr},${r.description}`)].join('\r\n') + '\r\n'
  const hcl = shuffled.map((r) => {
    const [from, to = from] = r.ports.split('-')
    return [
      `resource "aws_security_group_rule" "${r.name}" {`,
      '  type              = "ingress"',
      `  from_port         = ${from}`,
      `  to_port           = ${to}`,
      '  protocol          = "tcp"',
      `  cidr_blocks       = ["${r.cidr}"]`,
      `  description       = "${r.description}"`,
      '  security_group_id = aws_security_group.app.id',
      '}',
    ].join('\n')
  })
  const expected = [...findings.sort(byteCompare), '', hcl.join('\n\n')].join('\n') + '\n'
  return {expected, files: out}
}

const drill: DrillModule = {generate}
export default drill
