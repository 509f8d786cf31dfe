/**
 * Runs synthesize() (the core, unsigned) and sends this very process SIGNAL when stage STAGE reports STATUS,
 * so a test can interrupt it at an exact moment: node --import tsx interrupt-synthesize.ts OUT STAGE STATUS SIGNAL [force]
 */
import {synthesize, type StageName} from '../../src/pipeline/synthesize.js'
import {ROOT} from '../helpers/cli.js'

const [out, stage, status, signal, force] = process.argv.slice(2) as [string, StageName, 'ok' | 'start', NodeJS.Signals, string | undefined]
const result = await synthesize({
  force: force === 'force',
  onStage(event) {
    if (event.stage === stage && event.status === status) process.kill(process.pid, signal)
  },
  outDir: out,
  participants: 'alice,bob',
  root: ROOT,
  session: 'interrupted',
  timestamp: {iso: '2026-01-31T12:00:00Z', source: 'flag'},
  toolVersion: 'test',
  topic: 'Speed vs Security',
})
process.stdout.write(`completed: record ${result.recordId}\n`)
