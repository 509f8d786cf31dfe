/**
 * Helpers for `--live` probes. Every probe goes to 127.0.0.1 only: the host is fixed here, not taken from
 * the scanned files, so a hostile compose file cannot aim a probe elsewhere.
 */
import type {Port, Service} from '../model/index.js'
import {containerPort, hostPorts} from './util.js'

export const LIVE_HOST = '127.0.0.1'

export interface HttpAnswer {
  status: number
  body: string
}

/** GET/POST on 127.0.0.1:port; undefined when nothing answers in time (not a finding). */
export async function httpLocal(port: number, path: string, options: {body?: string; headers?: Record<string, string>; method?: string; timeoutMs: number}): Promise<HttpAnswer | undefined> {
  if (!Number.isInteger(port) || port < 1 || port > 65_535) return undefined
  try {
    const response = await fetch(`http://${LIVE_HOST}:${port}${path}`, {
      body: options.body, headers: options.headers, method: options.method ?? 'GET', redirect: 'manual', signal: AbortSignal.timeout(options.timeoutMs),
    })
    const body = (await response.text()).slice(0, 64 * 1024)
    return {body, status: response.status}
  } catch {
    return undefined
  }
}

/** Host ports (with their compose port entry) that a service publishes for the given container port. */
export function publishedFor(svc: Service, target: number): Array<{hostPort: number; port: Port}> {
  const out: Array<{hostPort: number; port: Port}> = []
  for (const p of svc.ports) {
    if (containerPort(p) !== target) continue
    for (const hostPort of hostPorts(p).slice(0, 1)) out.push({hostPort, port: p})
  }

  return out
}
