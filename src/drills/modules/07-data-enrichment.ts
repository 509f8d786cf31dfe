import {byteCompare, Rng} from '../rng.js'
import type {DrillModule, Fixture} from '../types.js'

/**
 * Drill 07: join users.csv (CRLF, a header, team in the LAST column, quoted names with commas) with an
 * access log. Expected: requests per team as `TEAM COUNT`, count descending then team; requests by users not
 * in the CSV (or user=-) under `unknown`. Traps in every seed: CRLF, a quoted "Last, First" name, ids that are
 * prefixes of other ids (U12 / U123), unknown users and anonymous requests.
 */

const TEAMS = ['platform', 'payments', 'search', 'mobile', 'data', 'infra', 'growth', 'support']
const FIRST = ['Ann', 'Bo', 'Chen', 'Dara', 'Eli', 'Fay', 'Gus', 'Hana', 'Ivo', 'Jun', 'Kai', 'Lea']
const LAST = ['Lee', 'Okafor', 'Silva', 'Novak', 'Haddad', 'Berg', 'Ito', 'Moreau']
const PATHS = ['/api/orders', '/api/users/me', '/health', '/api/search?q=x', '/static/app.js', '/api/cart']

export function generate(seed: number): Fixture {
  const rng = new Rng(seed)
  const teams = rng.sample(TEAMS, rng.int(3, 5))
  const ids = new Set<string>()
  const base = rng.int(10, 60)
  // A prefix pair in every seed: U<base> and U<base><digit>.
  ids.add(`U${base}`)
  ids.add(`U${base}${rng.int(0, 9)}`)
  while (ids.size < rng.int(7, 12)) ids.add(`U${rng.int(10, 999)}`)
  const users = [...ids].map((id, i) => {
    const first = rng.pick(FIRST)
    const last = rng.pick(LAST)
    const quoted = i === 1 || rng.chance(0.3)
    return {
      email: `${first.toLowerCase()}.${last.toLowerCase()}@example.org`,
      id,
      name: quoted ? `"${last}, ${first}"` : `${first} ${last}`,
      team: rng.pick(teams),
    }
  })
  const csv = ['id,name,email,team', ...rng.shuffle(users).map((u) => `${u.id},${u.name},${u.email},${u.team}`)].join('\r\n') + '\r\n'

  const strangers = [`U${rng.int(1000, 1999)}`, `U${rng.int(2000, 2999)}`, '-']
  const counts = new Map<string, number>()
  const lines: string[] = []
  const total = rng.int(40, 120)
  for (let i = 0; i < total; i++) {
    // The first requests guarantee every trap is exercised: the prefix pair, the quoted name, strangers.
    const who = i < 2 ? users[i] : i < 4 ? undefined : rng.chance(0.85) ? rng.pick(users) : undefined
    const id = who ? who.id : strangers[i % strangers.length]
    const team = who ? who.team : 'unknown'
    counts.set(team, (counts.get(team) ?? 0) + 1)
    const t = `2026-03-${String(1 + (i % 28)).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:${String((i * 13) % 60).padStart(2, '0')}:07Z`
    lines.push(`${t} user=${id} ${rng.pick(['GET', 'GET', 'POST'])} ${rng.pick(PATHS)} ${rng.pick([200, 200, 200, 304, 404, 500])} ${rng.int(1, 900)}ms`)
  }

  const expected = [...counts].sort((a, b) => b[1] - a[1] || byteCompare(a[0], b[0])).map(([team, n]) => `${team} ${n}`)
  return {expected: expected.join('\n') + '\n', files: {'requests.log': rng.shuffle(lines).join('\n') + '\n', 'users.csv': csv}}
}

const drill: DrillModule = {generate}
export default drill
