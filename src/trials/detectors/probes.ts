/**
 * Live probes for `--live`: tiny clients that only ever talk to 127.0.0.1 and give up after a timeout.
 * A refused, reset or timed-out connection is "no answer", never an error: the service is simply not up.
 */
import {connect} from 'node:net'

import type {Port, Service} from '../model/index.js'
import {reachableOnLoopback, targetPort} from './stack.js'

export const LOOPBACK = '127.0.0.1'

/** Host ports of the service that a probe on 127.0.0.1 reaches, leading to one of the container ports. */
export function loopbackPorts(svc: Service, containerPorts: number[]): Port[] {
  return svc.ports.filter((p) => reachableOnLoopback(p) && containerPorts.includes(targetPort(p) ?? -1))
}

/** Sends a Redis inline PING without AUTH; resolves with the first reply line (`+PONG`, `-NOAUTH …`) or undefined. */
export function redisPing(port: number, timeoutMs: number, host: typeof LOOPBACK = LOOPBACK): Promise<string | undefined> {
  return new Promise((resolve) => {
    let settled = false
    let buffer = ''
    const socket = connect({host, port})
    const done = (value: string | undefined) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      resolve(value)
    }

    const timer = setTimeout(() => done(undefined), timeoutMs)
    socket.setEncoding('utf8')
    socket.on('connect', () => socket.write('PING\r\n'))
    socket.on('data', (chunk: string) => {
      buffer += chunk
      const end = buffer.indexOf('\r\n')
      if (end !== -1) done(buffer.slice(0, end))
      else if (buffer.length > 4096) done(buffer.slice(0, 200))
    })
    socket.on('error', () => done(undefined))
    socket.on('close', () => done(buffer === '' ? undefined : buffer.trim()))
  })
}

/** GET http://127.0.0.1:PORT/PATH without credentials; undefined when nothing answers in time. */
export async function httpGet(port: number, path: string, timeoutMs: number): Promise<{status: number; body: string} | undefined> {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), timeoutMs)
  try {
    const response = await fetch(`http://${LOOPBACK}:${port}${path}`, {redirect: 'manual', signal: controller.signal})
    const body = (await response.text()).slice(0, 64 * 1024)
    return {body, status: response.status}
  } catch {
    return undefined
  } finally {
    clearTimeout(timer)
  }
}
