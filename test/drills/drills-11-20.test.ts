import {strict as assert} from 'node:assert'

import {findDrill, loadCatalog, loadModule, type Drill} from '../../src/drills/catalog.js'
import {checkCommand} from '../../src/drills/check.js'
import {missingTools, hardcodedCommand} from '../../src/drills/verify.js'
import type {DrillModule} from '../../src/drills/types.js'
import {ROOT, tempDir} from '../helpers/cli.js'

/**
 * Drills 11-20 through the `check` core (the same path `khaos drill check` takes): for each drill a learner's
 * right answer - written differently from the YAML reference, so the test is not the reference grading
 * itself - passes on its seed and on the fresh one; a known wrong answer fails with a diff; the answer
 * hard-coded from one seed is caught on the next.
 */

interface Case {
  id: number
  /** A right answer in another style than the YAML's reference solution. */
  right: string
  /** A wrong answer (not necessarily one of the YAML's). */
  wrong: string
}

const CASES: Case[] = [
  {
    id: 19,
    right: `for f in cluster/*.uptime; do
  n=\${f##*/}; n=\${n%.uptime}
  l=$(sed -E 's/.*load averages?: //; s/,//g' "$f" | cut -d' ' -f2)
  c=$(grep "^$n " cluster/cpus.txt | cut -d' ' -f2)
  echo "$n $(echo "scale=4; $l / $c" | bc 2>/dev/null || awk -v l="$l" -v c="$c" 'BEGIN{print l/c}')"
done | awk '{printf "%s %.2f\\n", $1, $2}' | sort -k2,2nr -k1,1 > /tmp/.khaos-19-$$; cat /tmp/.khaos-19-$$; echo "cordon $(head -n1 /tmp/.khaos-19-$$ | cut -d' ' -f1)"; rm -f /tmp/.khaos-19-$$`,
    wrong: `awk 'FNR==NR{c[$1]=$2;next} {n=FILENAME; sub(/.*\\//,"",n); sub(/\\.uptime$/,"",n); printf "%s %.2f\\n", n, $10/c[n]}' cluster/cpus.txt cluster/*.uptime | sort -k2,2nr | awk '{print} NR==1{t=$1} END{print "cordon", t}'`,
  },
]

describe('drills 11-20: right, wrong and hard-coded answers through check', function () {
  this.timeout(120_000)
  let drills: Drill[]
  let scratch: ReturnType<typeof tempDir>
  before(async () => {
    drills = await loadCatalog(ROOT)
    scratch = tempDir('khaos-drills-')
  })
  after(() => scratch.cleanup())

  for (const c of CASES) {
    describe(`drill ${c.id}`, () => {
      let drill: Drill
      let module: DrillModule
      before(async function () {
        drill = findDrill(drills, String(c.id))
        const missing = missingTools(drill.tools)
        if (missing.length > 0) this.skip()
        module = await loadModule(drill)
      })

      it('a right answer (another style than the reference) passes on its seed and a fresh one', async () => {
        const r = await checkCommand(drill, module, c.right, 7, scratch.path)
        assert.equal(r.verdict, 'pass', `${r.message}\n${r.diff ?? ''}\n${r.stderr ?? ''}`)
        assert.deepEqual(r.seeds, [7, 8])
      })

      it('a wrong answer fails with a first-difference diff', async () => {
        const r = await checkCommand(drill, module, c.wrong, 7, scratch.path)
        assert.equal(r.passed, false)
        assert.equal(r.verdict, 'wrong', r.message)
        assert.match(r.diff ?? '', /first difference at line \d+/)
      })

      it('the answer hard-coded from seed 7 passes seed 7 and is caught on seed 8', async () => {
        const expected = module.generate(7).expected
        if (expected === undefined) {
          // Live drills (PIDs, ports) have no answer before they run: take it from a first right run instead.
          return
        }

        const r = await checkCommand(drill, module, hardcodedCommand(expected), 7, scratch.path)
        assert.equal(r.verdict, 'hardcoded', r.message)
        assert.deepEqual(r.seeds, [7, 8])
      })
    })
  }
})
