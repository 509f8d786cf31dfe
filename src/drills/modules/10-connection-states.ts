import {createServer, connect, type AddressInfo, type Server, type Socket} from 'node:net'

import type {DrillModule, Fixture, LiveFixture} from '../types.js'

/**
 * Drill 10: a live loopback server (127.0.0.1:$PORT, in the khaos process) with real sockets in known TCP
 * states: E connections ESTABLISHED, C in CLOSE_WAIT (the client closed, the server never did), some
 * TIME_WAIT, plus a decoy server on another port with its own ESTABLISHED and CLOSE_WAIT sockets. Expected:
 * `ESTABLISHED E` and `CLOSE_WAIT C` counted on the server side of $PORT only. E and C come from the seed
 * (E = 2 + seed mod 7, so neighbouring seeds always differ).
 */

function counts(seed: number): {closeWait: number; established: number} {
  return {closeWait: 1 + ((seed * 3 + 1) % 5), established: 2 + (seed % 7)}
}

export function generate(seed: number): Fixture {
  const {closeWait, established} = counts(seed)
  return {
    expected: `ESTABLISHED ${established}\nCLOSE_WAIT ${closeWait}\n`,
    files: {'README.txt': 'The server runs only while your command runs; its port is in $PORT.\n'},
  }
}

interface Pool {
  server: Server
  port: number
  accepted: Socket[]
  clients: Socket[]
  /** Accepted sockets that received the client's FIN. */
  ended: number
}

/** A server whose accepted sockets never close on their own (allowHalfOpen), so a client's FIN leaves CLOSE_WAIT. */
async function pool(): Promise<Pool> {
  const accepted: Socket[] = []
  const state = {ended: 0}
  const server = createServer({allowHalfOpen: true}, (socket) => {
    accepted.push(socket)
    socket.on('end', () => state.ended++)
    socket.on('error', () => {})
    socket.on('data', (data) => {
      // "bye" asks the server to close first: the server side then ends in TIME_WAIT.
      if (data.toString().includes('bye')) socket.end()
    })
  })
  server.on('error', () => {})
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  return {
    accepted,
    clients: [],
    get ended() {
      return state.ended
    },
    port: (server.address() as AddressInfo).port,
    server,
  }
}

function open(p: Pool): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({host: '127.0.0.1', port: p.port}, () => resolve(socket))
    socket.on('error', reject)
    p.clients.push(socket)
  })
}

const until = async (test: () => boolean, what: string): Promise<void> => {
  for (let i = 0; i < 400; i++) {
    if (test()) return
    await new Promise((resolve) => setTimeout(resolve, 5))
  }

  throw new Error(`drill 10 fixture: timed out waiting for ${what}`)
}

async function fill(p: Pool, established: number, closeWait: number, timeWait: number): Promise<void> {
  let closed = 0
  for (let i = 0; i < established; i++) await open(p)
  for (let i = 0; i < closeWait; i++) (await open(p)).end()
  for (let i = 0; i < timeWait; i++) {
    const s = await open(p)
    s.on('close', () => closed++)
    s.write('bye')
  }

  const total = established + closeWait + timeWait
  await until(() => p.accepted.length === total, 'connections')
  await until(() => p.ended >= closeWait + timeWait && closed >= timeWait, 'socket states')
}

function shutdown(p: Pool | undefined): void {
  if (!p) return
  for (const s of [...p.clients, ...p.accepted]) s.destroy()
  p.server.close()
}

async function live({seed}: {seed: number}): Promise<LiveFixture> {
  const {closeWait, established} = counts(seed)
  let target: Pool | undefined
  let decoy: Pool | undefined
  const stop = () => {
    shutdown(target)
    shutdown(decoy)
    target = undefined
    decoy = undefined
  }

  try {
    target = await pool()
    decoy = await pool()
    await fill(target, established, closeWait, 2)
    await fill(decoy, 3, 2, 0)
  } catch (error) {
    stop()
    throw error
  }

  return {env: {PORT: String(target.port)}, stop}
}

const drill: DrillModule = {generate, live}
export default drill
