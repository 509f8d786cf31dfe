/**
 * Live probes for `--live`: tiny clients that only ever talk to 127.0.0.1 and give up after a timeout. The host
 * is fixed here, not taken from the scanned files, so a hostile compose file cannot aim a probe elsewhere.
 * A refused, reset or timed-out connection is "no answer", never an error: the service is simply not up.
 */
import {connect} from 'node:net'

import type {Port, Service} from '../model/index.js'
import {containerPort, hostPorts, reachableOnLoopback} from './ports.js'

export const LOOPBACK = '127.0.0.1'

export interface HttpAnswer {
  status: number
  body: string
}

/**
 * Host ports a probe on 127.0.0.1 reaches that lead to one of the container ports: published on all interfaces
 * or on a 127.x address (never one bound to another address: 127.0.0.1:PORT would be some other service).
 * A host range is probed on its first port.
 */
export function loopbackPorts(svc: Service, containerPorts: number[]): Array<{hostPort: number; port: Port}> {
  return svc.ports
    .filter((p) => reachableOnLoopback(p) && containerPorts.includes(containerPort(p) ?? -1))
    .map((port) => ({hostPort: hostPorts(port)[0], port}))
}

/** GET/POST on 127.0.0.1:port without credentials unless given; undefined when nothing answers in time. */
export async function httpLocal(
  port: number,
  path: string,
  options: {body?: string; headers?: Record<string, string>; method?: string; timeoutMs: number},
): Promise<HttpAnswer | undefined> {
  if (!Number.isInteger(port) || port < 1 || port > 65_535) return undefined
  try {
    const response = await fetch(`http://${LOOPBACK}:${port}${path}`, {
      body: options.body,
      headers: options.headers,
      method: options.method ?? 'GET',
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
    })
    const body = (await response.text()).slice(0, 64 * 1024)
    return {body, status: response.status}
  } catch {
    return undefined
  }
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
