import {createECDH, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject} from 'node:crypto'

import {byteCompare, Rng} from '../rng.js'
import type {DrillModule, Fixture} from '../types.js'

/**
 * Drill 13: five real X.509 certificates (DER built here, signed with node:crypto, so any date can be set
 * without a CA tool) to judge, and a CSR to create for a given key. Expected: `HOST VERDICT` per
 * certificate (expired > weak-key > san-mismatch > ok), then `csr HOST DNS:HOST SHA256(SPKI)` for the CSR.
 * Traps in every seed: an EC P-256 key (256 bits, not weak), an RSA key of exactly 2048 bits (not weak), a
 * wildcard SAN that matches, and a certificate whose CN names the host while its SANs do not.
 */

// --- minimal DER ---------------------------------------------------------------------------------
function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n])
  const bytes: number[] = []
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff)
  return Buffer.from([0x80 | bytes.length, ...bytes])
}

const tlv = (tag: number, ...content: Buffer[]) => {
  const body = Buffer.concat(content)
  return Buffer.concat([Buffer.from([tag]), length(body.length), body])
}

const seq = (...parts: Buffer[]) => tlv(0x30, ...parts)
const set = (...parts: Buffer[]) => tlv(0x31, ...parts)
const explicit = (n: number, ...parts: Buffer[]) => tlv(0xa0 + n, ...parts)

function integer(value: Buffer): Buffer {
  let v = value
  while (v.length > 1 && v[0] === 0 && v[1] < 0x80) v = v.subarray(1)
  return tlv(0x02, v[0] >= 0x80 ? Buffer.concat([Buffer.from([0]), v]) : v)
}

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number)
  const bytes = [a * 40 + b]
  for (const n of rest) {
    const chunk = [n & 0x7f]
    for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80)
    bytes.push(...chunk)
  }

  return tlv(0x06, Buffer.from(bytes))
}

const utf8 = (text: string) => tlv(0x0c, Buffer.from(text, 'utf8'))
const bitString = (data: Buffer) => tlv(0x03, Buffer.from([0]), data)
const octetString = (data: Buffer) => tlv(0x04, data)
const NULL = Buffer.from([0x05, 0x00])

function utcTime(date: Date): Buffer {
  const p = (n: number) => String(n).padStart(2, '0')
  const text = `${p(date.getUTCFullYear() % 100)}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}Z`
  return tlv(0x17, Buffer.from(text, 'ascii'))
}

const name = (cn: string, org: string) => seq(set(seq(oid('2.5.4.10'), utf8(org))), set(seq(oid('2.5.4.3'), utf8(cn))))

function pem(label: string, der: Buffer): string {
  const b64 = der.toString('base64').replace(/.{1,64}/g, '$&\n')
  return `-----BEGIN ${label}-----\n${b64}-----END ${label}-----\n`
}

// --- keys: generated once per process (RSA generation is the slow part) ----------------------------
type KeyKind = 'rsa1024' | 'rsa2048' | 'ec256'
const keys = new Map<KeyKind, {privateKey: KeyObject; publicKey: KeyObject}>()
function key(kind: KeyKind): {privateKey: KeyObject; publicKey: KeyObject} {
  let pair = keys.get(kind)
  if (!pair) {
    pair = kind === 'ec256' ? generateKeyPairSync('ec', {namedCurve: 'prime256v1'}) : generateKeyPairSync('rsa', {modulusLength: kind === 'rsa1024' ? 1024 : 2048})
    keys.set(kind, pair)
  }

  return pair
}

/**
 * An EC P-256 key derived from the seed, so the CSR key (and thus the expected fingerprint) is the same in
 * the learner's workspace and in the fixture `check` builds. A scalar whose first byte is below 0xff is
 * always below the curve order.
 */
function seededEcKey(rng: Rng): {privateKey: KeyObject; publicKey: KeyObject} {
  const d = Buffer.from(Array.from({length: 32}, (_, i) => (i === 0 ? rng.int(1, 0xfe) : rng.int(0, 255))))
  const ecdh = createECDH('prime256v1')
  ecdh.setPrivateKey(d)
  const point = ecdh.getPublicKey()
  const jwk = {crv: 'P-256', d: d.toString('base64url'), kty: 'EC', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url')}
  const privateKey = createPrivateKey({format: 'jwk', key: jwk})
  return {privateKey, publicKey: createPublicKey(privateKey)}
}

interface CertSpec {
  host: string
  cn: string
  sans: string[]
  notBefore: Date
  notAfter: Date
  key: KeyKind
  serial: Buffer
  verdict: string
}

function certificate(spec: CertSpec, org: string): string {
  const pair = key(spec.key)
  const rsa = spec.key !== 'ec256'
  const algorithm = rsa ? seq(oid('1.2.840.113549.1.1.11'), NULL) : seq(oid('1.2.840.10045.4.3.2'))
  const san = seq(oid('2.5.29.17'), octetString(seq(...spec.sans.map((dns) => tlv(0x82, Buffer.from(dns, 'ascii'))))))
  const basic = seq(oid('2.5.29.19'), octetString(seq()))
  const subject = name(spec.cn, org)
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))),
    integer(spec.serial),
    algorithm,
    subject,
    seq(utcTime(spec.notBefore), utcTime(spec.notAfter)),
    subject,
    pair.publicKey.export({format: 'der', type: 'spki'}),
    explicit(3, seq(basic, san)),
  )
  const signature = sign('sha256', tbs, pair.privateKey)
  return pem('CERTIFICATE', seq(tbs, algorithm, bitString(signature)))
}

const LABELS = ['api', 'www', 'shop', 'auth', 'mail', 'grafana', 'vault', 'git', 'status', 'cdn', 'pay', 'sso']
const ZONES = ['example.test', 'corp.example', 'internal.test', 'acme.example']

const day = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d, 12, 0, 0))

export function generate(seed: number): Fixture {
  const rng = new Rng(seed)
  const zone = rng.pick(ZONES)
  const org = rng.pick(['Acme Corp', 'Example Ltd', 'Initech', 'Globex'])
  const [expiredHost, weakHost, mismatchHost, wildcardHost, exactHost, csrLabel] = rng.sample(LABELS, 6).map((l) => `${l}.${zone}`)
  const valid = () => ({notAfter: day(rng.int(2040, 2048), rng.int(1, 12), rng.int(1, 28)), notBefore: day(2025, rng.int(1, 12), rng.int(1, 28))})
  const serial = () => Buffer.from(Array.from({length: 16}, () => rng.int(0, 255)))
  const other = rng.sample(LABELS.filter((l) => !mismatchHost.startsWith(`${l}.`)), 2).map((l) => `${l}.${zone}`)
  const specs: CertSpec[] = [
    {cn: expiredHost, host: expiredHost, key: rng.pick(['rsa2048', 'ec256'] as const), notAfter: day(rng.int(2023, 2025), rng.int(1, 12), rng.int(1, 28)), notBefore: day(2022, rng.int(1, 12), rng.int(1, 28)), sans: [expiredHost], serial: serial(), verdict: 'expired'},
    {cn: weakHost, host: weakHost, key: 'rsa1024', ...valid(), sans: [weakHost], serial: serial(), verdict: 'weak-key'},
    {cn: mismatchHost, host: mismatchHost, key: rng.pick(['rsa2048', 'ec256'] as const), ...valid(), sans: other, serial: serial(), verdict: 'san-mismatch'},
    {cn: `*.${zone}`, host: wildcardHost, key: 'ec256', ...valid(), sans: [`*.${zone}`, zone], serial: serial(), verdict: 'ok'},
    {cn: exactHost, host: exactHost, key: 'rsa2048', ...valid(), sans: [exactHost, `www2.${zone}`], serial: serial(), verdict: 'ok'},
  ]
  const files: Record<string, string> = {}
  for (const spec of specs) files[`certs/${spec.host}.pem`] = certificate(spec, org)
  // A separate key for the CSR, so its fingerprint says which key the learner used.
  const csrKey = seededEcKey(rng)
  files['request.key'] = csrKey.privateKey.export({format: 'pem', type: 'pkcs8'}) as string
  files['csr-host.txt'] = `${csrLabel}\n`
  const fingerprint = createHash('sha256').update(csrKey.publicKey.export({format: 'der', type: 'spki'})).digest('hex')
  const expected = [
    ...specs.sort((a, b) => byteCompare(a.host, b.host)).map((s) => `${s.host} ${s.verdict}`),
    `csr ${csrLabel} DNS:${csrLabel} ${fingerprint}`,
  ].join('\n') + '\n'
  return {expected, files: Object.fromEntries(Object.entries(files).map(([path, data]) => [path, path === 'request.key' ? {data, mode: 0o600} : data]))}
}

const drill: DrillModule = {generate}
export default drill
