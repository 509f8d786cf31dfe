import {strict as assert} from 'node:assert'
import {join} from 'node:path'

import {findDrill, loadCatalog, loadModule, type Drill} from '../../src/drills/catalog.js'
import {checkCommand} from '../../src/drills/check.js'
import {prepareSeed} from '../../src/drills/fixture.js'
import {missingTools, hardcodedCommand} from '../../src/drills/verify.js'
import type {DrillModule} from '../../src/drills/types.js'
import {ROOT, tempDir} from '../helpers/cli.js'
import {alive} from './alive.js'

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

// Drill 17's trap: firewall.csv has CRLF line ends. The wrong answer is the right one without `tr -d '\r'`.
const RIGHT_17 = String.raw`awk '{ sub(/#.*/, "") }
  /^resource "aws_security_group" / { r = $3; gsub(/"/, "", r) }
  /ingress *\{/ { i = 1; f = -1; t = -1; w = 0 }
  i && /from_port/ { f = $NF + 0 }
  i && /to_port/ { t = $NF + 0 }
  i && /0\.0\.0\.0\/0|::\/0/ { w = 1 }
  i && /^ *\}/ { i = 0; if (w && f <= 22 && 22 <= t) print "open-ssh " FILENAME " aws_security_group." r }' infra/*.tf | sort -u
echo
first=1
tail -n +2 firewall.csv | tr -d '\r' | while IFS=, read -r name ports cidr desc; do
  [ -n "$name" ] || continue
  [ "$first" = 1 ] || echo; first=0
  printf 'resource "aws_security_group_rule" "%s" {\n  type = "ingress"\n  from_port = %s\n  to_port = %s\n  protocol = "tcp"\n  cidr_blocks = ["%s"]\n  description = "%s"\n  security_group_id = aws_security_group.app.id\n}\n' "$name" "${'$'}{ports%-*}" "${'$'}{ports#*-}" "$cidr" "$desc"
done`

const CASES: Case[] = [
  {
    id: 13,
    right: String.raw`for c in certs/*.pem; do h=${'$'}{c#certs/}; h=${'$'}{h%.pem}
  if ! openssl x509 -in "$c" -noout -checkend 0 >/dev/null 2>&1; then echo "$h expired"; continue; fi
  pub=$(openssl x509 -in "$c" -noout -pubkey | openssl pkey -pubin -noout -text_pub)
  if echo "$pub" | grep -q Modulus && [ "$(echo "$pub" | sed -n 's/.*(\([0-9]*\) bit).*/\1/p')" -lt 2048 ]; then echo "$h weak-key"; continue; fi
  v=san-mismatch
  for s in $(openssl x509 -in "$c" -noout -ext subjectAltName | tail -n +2 | tr ',' '\n' | sed 's/^ *DNS://'); do
    case "$h" in $s) [ "${'$'}{h%%.*}" != "$h" ] && [ "${'$'}{s#\*.}" = "${'$'}{h#*.}" -o "$s" = "$h" ] && v=ok ;; esac
  done
  echo "$h $v"
done
host=$(cat csr-host.txt)
printf '[req]\ndistinguished_name=dn\nreq_extensions=ext\nprompt=no\n[dn]\nCN=%s\n[ext]\nsubjectAltName=DNS:%s\n' "$host" "$host" > r.cnf
openssl req -new -key request.key -config r.cnf -out request.csr
echo "csr $(openssl req -in request.csr -noout -subject -nameopt multiline | sed -n 's/^ *commonName *= *//p') $(openssl req -in request.csr -noout -text | grep -o 'DNS:[^, ]*') $(openssl pkey -in request.key -pubout -outform DER | sha256sum | cut -d' ' -f1)"`,
    wrong: String.raw`for c in certs/*.pem; do h=${'$'}{c#certs/}; h=${'$'}{h%.pem}
  if ! openssl x509 -in "$c" -noout -checkend 0 >/dev/null 2>&1; then echo "$h expired"; continue; fi
  pub=$(openssl x509 -in "$c" -noout -pubkey | openssl pkey -pubin -noout -text_pub)
  if echo "$pub" | grep -q Modulus && [ "$(echo "$pub" | sed -n 's/.*(\([0-9]*\) bit).*/\1/p')" -lt 2048 ]; then echo "$h weak-key"; continue; fi
  if openssl x509 -in "$c" -noout -text | grep -q "$h"; then echo "$h ok"; else echo "$h san-mismatch"; fi
done
host=$(cat csr-host.txt)
printf '[req]\ndistinguished_name=dn\nreq_extensions=ext\nprompt=no\n[dn]\nCN=%s\n[ext]\nsubjectAltName=DNS:%s\n' "$host" "$host" > r.cnf
openssl req -new -key request.key -config r.cnf -out request.csr
echo "csr $(openssl req -in request.csr -noout -subject -nameopt multiline | sed -n 's/^ *commonName *= *//p') $(openssl req -in request.csr -noout -text | grep -o 'DNS:[^, ]*') $(openssl pkey -in request.key -pubout -outform DER | sha256sum | cut -d' ' -f1)"`,
  },
  {
    id: 17,
    right: RIGHT_17,
    wrong: RIGHT_17.replace(" | tr -d '\\r'", ''),
  },
  {
    id: 16,
    right: String.raw`walk() { echo "$2 $1 $(ps -o comm= -p "$1")"; for c in $(ps -o pid= --ppid "$1" | sort -n); do walk "$c" $(($2 + 1)); done; }
walk "$ROOT_PID" 0`,
    wrong: String.raw`walk() { echo "$2 $1 $(ps -o comm= -p "$1")"; for c in $(ps -o pid= --ppid "$1" | sort -n); do walk "$c" $(($2 + 1)); done; }
walk "$ROOT_PID" 1`,
  },
  {
    id: 20,
    right: String.raw`for i in 1 2 3; do
  jq -r '(.snapshot.meta.node_fields | length) as $w | .snapshot.meta.node_types[0] as $t | .strings as $s | .nodes as $a
    | [range(0; $a | length; $w) | select($t[$a[.]] == "object") | $s[$a[. + 1]]] | group_by(.) | .[] | "\(length)\t\(.[0])"' heap-$i.heapsnapshot | sed "s/^/$i	/"
done | awk -F'\t' '{ c[$3, $1] = $2; n[$3] } END { for (k in n) if (c[k, 1] + 0 < c[k, 2] + 0 && c[k, 2] + 0 < c[k, 3] + 0) print k, c[k, 1] + 0, c[k, 2] + 0, c[k, 3] }'`,
    wrong: String.raw`for i in 1 2 3; do
  jq -r '(.snapshot.meta.node_fields | length) as $w | .snapshot.meta.node_types[0] as $t | .strings as $s | .nodes as $a
    | [range(0; $a | length; $w) | select($t[$a[.]] == "object") | $s[$a[. + 1]]] | group_by(.) | .[] | "\(length)\t\(.[0])"' heap-$i.heapsnapshot | sed "s/^/$i	/"
done | awk -F'\t' '{ c[$3, $1] = $2; n[$3] } END { for (k in n) if (c[k, 1] + 0 < c[k, 3] + 0) print k, c[k, 1] + 0, c[k, 2] + 0, c[k, 3] }'`,
  },
  {
    id: 14,
    right: String.raw`grep -rnE --exclude-dir=node_modules -e 'AKIA[0-9A-Z]{16}|ghp_[A-Za-z0-9]{36}|xoxb-[0-9]+-[0-9]+-[A-Za-z0-9]+|-----BEGIN ([A-Z]+ )?PRIVATE KEY-----' . |
  grep -v -e EXAMPLE -e XXXX -e xxxx |
  awk -F: '{t = ($0 ~ /AKIA/) ? "aws-access-key" : ($0 ~ /ghp_/) ? "github-token" : ($0 ~ /xoxb-/) ? "slack-token" : "private-key"; sub(/^\.\//, "", $1); print $1 ":" $2 ":" t}' |
  sort -t: -k1,1 -k2,2n`,
    wrong: String.raw`grep -rnE --exclude-dir=node_modules -e 'AKIA[0-9A-Z]{16}|ghp_[A-Za-z0-9]{36}|xoxb-[0-9]+-[0-9]+-[A-Za-z0-9]+|-----BEGIN ([A-Z]+ )?PRIVATE KEY-----' . |
  grep -v EXAMPLE |
  awk -F: '{t = ($0 ~ /AKIA/) ? "aws-access-key" : ($0 ~ /ghp_/) ? "github-token" : ($0 ~ /xoxb-/) ? "slack-token" : "private-key"; sub(/^\.\//, "", $1); print $1 ":" $2 ":" t}' |
  sort -t: -k1,1 -k2,2n`,
  },
  {
    id: 18,
    right: String.raw`curl -s "$PROM_URL/api/v1/query?query=up" | jq -r '.data.result[] | select(.value[1] == "0") | .metric.job + " " + .metric.instance' | sort
curl -s "$PROM_URL/api/v1/targets" | jq -r '.data.activeTargets[] | "\(.labels.job) \(.health)"' |
  awk '{n[$1]++; if ($2 == "down") d[$1]++} END {for (j in d) printf "%.6f %d %s\n", d[j] / n[j], d[j], j}' |
  sort -k1,1nr -k2,2nr -k3,3 | head -n1 | awk '{print "worst", $3}'`,
    wrong: String.raw`curl -s "$PROM_URL/api/v1/query?query=up" | jq -r '.data.result[] | select(.value[1] == "0") | .metric.job + " " + .metric.instance' | sort -k2,2
curl -s "$PROM_URL/api/v1/targets" | jq -r '.data.activeTargets[] | "\(.labels.job) \(.health)"' |
  awk '{n[$1]++; if ($2 == "down") d[$1]++} END {for (j in d) printf "%.6f %d %s\n", d[j] / n[j], d[j], j}' |
  sort -k1,1nr -k2,2nr -k3,3 | head -n1 | awk '{print "worst", $3}'`,
  },
  {
    id: 15,
    right: String.raw`bytes=$(awk '/^size:/ {print $2 * 1048576 + $5}' spec.txt)
truncate -s "$bytes" blank.img 2>/dev/null || dd if=/dev/zero of=blank.img bs=1 count=0 seek="$bytes" 2>/dev/null
cksum < blank.img
awk 'FNR == 1 { n = FILENAME; sub(/^results\//, "", n); sub(/\.txt$/, "", n); ok[n] = ($0 ~ /(oflag|conv)=[^ ]*(direct|dsync|fsync|fdatasync)/) }
     / bytes (\(|transferred)/ { s = ($NF ~ /bytes\/sec\)$/) ? $5 : $(NF - 3); v[n] = $1 / s / 1048576 }
     END { for (n in v) printf "%s %.1f %s\n", n, v[n], ok[n] ? "trusted" : "cached" }' results/*.txt | sort > rows.txt
cat rows.txt
grep ' trusted$' rows.txt | sort -k2,2nr | head -n1 | sed 's/^\([^ ]*\).*/best \1/'`,
    wrong: String.raw`bytes=$(awk '/^size:/ {print $2 * 1048576 + $5}' spec.txt)
head -c "$bytes" /dev/zero > blank.img
cksum < blank.img
for f in results/*.txt; do n=$(basename "$f" .txt)
  if grep -q ' copied, ' "$f"; then mb=$(sed -n 's/.*, \([0-9.]*\) MB\/s$/\1/p' "$f"); else mb=$(sed -n 's/.*(\([0-9]*\) bytes\/sec)$/\1/p' "$f" | awk '{print $1/1048576}'); fi
  printf '%s %.1f %s\n' "$n" "$mb" "$(head -n1 "$f" | grep -qE 'direct|sync' && echo trusted || echo cached)"
done`,
  },
  {
    id: 11,
    right: String.raw`{ jq -r '.items[] | .metadata as $m | .spec.template.spec.containers[] | select((.resources.limits // {}) | has("memory") | not) | "k8s/\($m.namespace)/\($m.name)/\(.name)"' kubectl.json
  jq -r '.services | keys[] as $k | select((.[$k].mem_limit // .[$k].deploy.resources.limits.memory) == null) | "compose/\($k)"' compose.json; } | sort
jq -r '.items[] | (.spec.replicas // 1) as $r | .spec.template.spec.containers[].resources.requests.cpu // empty | "\($r) \(.)"' kubectl.json |
  awk '{v=$2; if (v ~ /m$/) {sub(/m$/,"",v); v=v+0} else v=v*1000; t+=$1*v} END{printf "cpu-requests %dm\n", t}'`,
    wrong: String.raw`{ jq -r '.items[] | .metadata as $m | .spec.template.spec.containers[] | select(.resources.limits.memory == null and .resources.requests.memory == null) | "k8s/\($m.namespace)/\($m.name)/\(.name)"' kubectl.json
  jq -r '.services | keys[] as $k | select((.[$k].mem_limit // .[$k].deploy.resources.limits.memory) == null) | "compose/\($k)"' compose.json; } | sort
jq -r '.items[] | (.spec.replicas // 1) as $r | .spec.template.spec.containers[].resources.requests.cpu // empty | "\($r) \(.)"' kubectl.json |
  awk '{v=$2; if (v ~ /m$/) {sub(/m$/,"",v); v=v+0} else v=v*1000; t+=$1*v} END{printf "cpu-requests %dm\n", t}'`,
  },
  {
    id: 12,
    right: String.raw`for f in snapshots/*.txt; do h=$(basename "$f" .txt)
  line=$(grep '^%Cpu' "$f" | tr -d ',')
  us=$(echo "$line" | awk '{print $2}'); sy=$(echo "$line" | awk '{print $4}'); wa=$(echo "$line" | awk '{print $10}')
  if awk -v w="$wa" 'BEGIN{exit !(w>=20)}'; then echo "$h io-bound $(sed '1,/PID/d' "$f" | awk '$8=="D"' | wc -l)"
  elif awk -v u="$us" -v s="$sy" 'BEGIN{exit !(u+s>=70)}'; then
    echo "$h cpu-bound $(sed '1,/PID/d' "$f" | awk '{c[$12]+=$9} END{for(k in c) print c[k], k}' | sort -k1,1nr | head -n1 | cut -d' ' -f2)"
  else echo "$h ok"; fi
done`,
    wrong: String.raw`for f in snapshots/*.txt; do h=$(basename "$f" .txt)
  line=$(grep '^%Cpu' "$f" | tr -d ',')
  us=$(echo "$line" | awk '{print $2}'); wa=$(echo "$line" | awk '{print $10}')
  if awk -v w="$wa" 'BEGIN{exit !(w>=20)}'; then echo "$h io-bound $(grep -c ' D ' "$f")"
  elif awk -v u="$us" 'BEGIN{exit !(u>=70)}'; then echo "$h cpu-bound $(sed '1,/PID/d' "$f" | head -n1 | awk '{print $12}')"
  else echo "$h ok"; fi
done`,
  },
  {
    id: 19,
    right: `for f in cluster/*.uptime; do
  n=${'$'}{f##*/}; n=${'$'}{n%.uptime}
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
  // The fixture cache `khaos drill check` uses: a drill that opts in (20: three heap snapshots from a child
  // node) generates seeds 7 and 8 once for the three checks below instead of three times.
  let cache: string
  before(async () => {
    drills = await loadCatalog(ROOT)
    scratch = tempDir('khaos-drills-')
    cache = join(scratch.path, 'cache')
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
        const r = await checkCommand(drill, module, c.right, 7, scratch.path, cache)
        assert.equal(r.verdict, 'pass', `${r.message}\n${r.diff ?? ''}\n${r.stderr ?? ''}`)
        assert.deepEqual(r.seeds, [7, 8])
      })

      it('a wrong answer fails with a first-difference diff', async () => {
        const r = await checkCommand(drill, module, c.wrong, 7, scratch.path, cache)
        assert.equal(r.passed, false)
        assert.equal(r.verdict, 'wrong', r.message)
        assert.match(r.diff ?? '', /first difference at line \d+/)
      })

      it('the answer hard-coded from seed 7 passes seed 7 and is caught on seed 8', async () => {
        let expected = module.generate(7).expected
        if (expected === undefined) {
          // A live drill whose answer holds PIDs: take seed 7's answer from a first run of its fixture. The
          // next run has new PIDs, so the copied answer must fail even on seed 7.
          const prepared = await prepareSeed(drill, module, 7, scratch.path)
          expected = prepared.expected
          prepared.dispose()
          const r = await checkCommand(drill, module, hardcodedCommand(expected), 7, scratch.path, cache)
          assert.equal(r.passed, false, r.message)
          return
        }

        const r = await checkCommand(drill, module, hardcodedCommand(expected), 7, scratch.path, cache)
        assert.equal(r.verdict, 'hardcoded', r.message)
        assert.deepEqual(r.seeds, [7, 8])
      })
    })
  }
})

describe('drills 11-20: live fixtures are stopped', function () {
  this.timeout(60_000)
  let drills: Drill[]
  let scratch: ReturnType<typeof tempDir>
  before(async () => {
    drills = await loadCatalog(ROOT)
    scratch = tempDir('khaos-drills-live-')
  })
  after(() => scratch.cleanup())

  it('18: the stand-in Prometheus answers on 127.0.0.1 while the fixture lives, and refuses once disposed', async () => {
    const drill = findDrill(drills, '18')
    const prepared = await prepareSeed(drill, await loadModule(drill), 3, scratch.path)
    const url = `${prepared.env.PROM_URL}/api/v1/targets`
    assert.match(prepared.env.PROM_URL, /^http:\/\/127\.0\.0\.1:\d+$/)
    try {
      const body = (await (await fetch(url)).json()) as {status: string}
      assert.equal(body.status, 'success')
    } finally {
      prepared.dispose()
    }

    await assert.rejects(fetch(url))
  })

  it('16: the whole process tree is gone once disposed', async function () {
    const drill = findDrill(drills, '16')
    if (missingTools(drill.tools).length > 0) this.skip()
    const prepared = await prepareSeed(drill, await loadModule(drill), 3, scratch.path)
    const pids = prepared.expected
      .trim()
      .split('\n')
      .map((line) => Number(line.split(' ')[1]))
    assert.ok(pids.length >= 4, prepared.expected)
    for (const pid of pids) assert.doesNotThrow(() => process.kill(pid, 0), `process ${pid} should run`)
    prepared.dispose()
    await new Promise((resolve) => setTimeout(resolve, 200))
    assert.deepEqual(
      pids.filter((pid) => alive(pid)),
      [],
    )
  })
})

describe('drills 11-20: fixtures are a function of the seed', () => {
  // 20's snapshots (V8 addresses) are written by build(), so only its answer is pinned; 16 is a live tree
  // whose answer holds PIDs. 13's certificates are byte-identical per seed (fixed leaf keys, Ed25519 CA).
  for (const key of [
    '11-resource-inventory',
    '12-snapshot-critique',
    '13-certificates',
    '14-secret-audit',
    '15-storage-benchmark',
    '17-infrastructure-as-code',
    '18-monitoring-query',
    '19-orchestration-health',
    '20-memory-forensics',
  ]) {
    it(`${key}: same seed, same answer${key === '20-memory-forensics' ? '' : ' and same files'}; next seed, another answer`, async () => {
      const {default: module} = (await import(`../../src/drills/modules/${key}.js`)) as {default: DrillModule}
      const a = module.generate(21)
      const b = module.generate(21)
      assert.equal(a.expected, b.expected)
      if (key !== '20-memory-forensics') assert.deepEqual(a.files, b.files)
      assert.notEqual(module.generate(22).expected, a.expected)
    })
  }
})
