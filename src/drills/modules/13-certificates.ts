import {createECDH, createHash, createPrivateKey, createPublicKey, sign, type KeyObject} from 'node:crypto'

import {byteCompare, Rng} from '../rng.js'
import type {DrillModule, Fixture} from '../types.js'

/**
 * Drill 13: five real X.509 certificates (DER built here and signed by a seeded Ed25519 test CA with
 * node:crypto, so any date can be set without a CA tool; same seed, byte-identical certificates) to judge, and a CSR to create for a given key. Expected: `HOST VERDICT` per
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

// --- keys: fixed or derived from the seed, so a seed gives the same certificates in every process -------
// Leaf public keys of the sizes the drill is about (only public keys: nothing secret in the source). They
// were made once with `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:N | openssl pkey -pubout`;
// generating RSA keys per process was most of this drill's fixture time.
const RSA_2048 = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAo3zDhIohmcE0o/kfBsBn
uijNJPWAn/5rx1NnBVJTTMlzV5UOndjCXhVtvlncJMlghCsvFI4MVEqVbs7n+8mi
HwcMzUJlHhYM1Rs7MVNXhlqrN9ZQBHPD5K/KNqpEbdkaiykqEd7CaZ3tumCF+dGk
xLGKr1wL5+2U4pD/NUgfb1UwUxCB+5INynK5Bmtr4Zai1veo27e+ZE/KYRMeugeZ
7lScjErIsVcNwb5sl8TCoh2b0tsV4X4ztbee7htO0oAMPGsqfBNTjYi031VuFJzV
qPtH2x8h9jM9X4OMjBi5ZKy5La4XwVxahLd55fSnZUyPMPJnVbhPSp27TQ0G4nbp
ywIDAQAB
-----END PUBLIC KEY-----
`
const RSA_1024 = `-----BEGIN PUBLIC KEY-----
MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQCjcJIK3C7LKhMm6sR9Xg5Lwuzt
Xo/M/dLoqXvEBuoi9ZTLPbunfHGZbu+xXASTas8z0E7V39RxzFftn7Js62n2SCmq
672Mt05v/paR5mmedLb63NJvS5qdnvhUe9H64J9evdi7VtOu3u39/eAnihpfhhiv
SQaQN6YfCS8LQj38BwIDAQAB
-----END PUBLIC KEY-----
`
type KeyKind = 'rsa1024' | 'rsa2048' | 'ec256'

/**
 * The issuing CA's key: Ed25519 from 32 seeded bytes (a PKCS#8 DER prefix + the seed), because Ed25519
 * signatures are deterministic (ECDSA's are not), so the same seed gives byte-identical certificates.
 */
function seededCaKey(rng: Rng): KeyObject {
  const secret = Buffer.from(Array.from({length: 32}, () => rng.int(0, 255)))
  return createPrivateKey({format: 'der', key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), secret]), type: 'pkcs8'})
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

function certificate(spec: CertSpec, org: string, leafKeys: Record<KeyKind, KeyObject>, ca: KeyObject): string {
  const algorithm = seq(oid('1.3.101.112')) // Ed25519, the CA's signature
  const san = seq(oid('2.5.29.17'), octetString(seq(...spec.sans.map((dns) => tlv(0x82, Buffer.from(dns, 'ascii'))))))
  const basic = seq(oid('2.5.29.19'), octetString(seq()))
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))),
    integer(spec.serial),
    algorithm,
    name(`${org} Test CA`, org),
    seq(utcTime(spec.notBefore), utcTime(spec.notAfter)),
    name(spec.cn, org),
    leafKeys[spec.key].export({format: 'der', type: 'spki'}),
    explicit(3, seq(basic, san)),
  )
  const signature = sign(null, tbs, ca)
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
  const other = rng
    .sample(
      LABELS.filter((l) => !mismatchHost.startsWith(`${l}.`)),
      2,
    )
    .map((l) => `${l}.${zone}`)
  const specs: CertSpec[] = [
    {
      cn: expiredHost,
      host: expiredHost,
      key: rng.pick(['rsa2048', 'ec256'] as const),
      notAfter: day(rng.int(2023, 2025), rng.int(1, 12), rng.int(1, 28)),
      notBefore: day(2022, rng.int(1, 12), rng.int(1, 28)),
      sans: [expiredHost],
      serial: serial(),
      verdict: 'expired',
    },
    {cn: weakHost, host: weakHost, key: 'rsa1024', ...valid(), sans: [weakHost], serial: serial(), verdict: 'weak-key'},
    {cn: mismatchHost, host: mismatchHost, key: rng.pick(['rsa2048', 'ec256'] as const), ...valid(), sans: other, serial: serial(), verdict: 'san-mismatch'},
    {cn: `*.${zone}`, host: wildcardHost, key: 'ec256', ...valid(), sans: [`*.${zone}`, zone], serial: serial(), verdict: 'ok'},
    {cn: exactHost, host: exactHost, key: 'rsa2048', ...valid(), sans: [exactHost, `www2.${zone}`], serial: serial(), verdict: 'ok'},
  ]
  const leafKeys: Record<KeyKind, KeyObject> = {ec256: seededEcKey(rng).publicKey, rsa1024: createPublicKey(RSA_1024), rsa2048: createPublicKey(RSA_2048)}
  const ca = seededCaKey(rng)
  const files: Record<string, string> = {}
  for (const spec of specs) files[`certs/${spec.host}.pem`] = certificate(spec, org, leafKeys, ca)
  // A separate key for the CSR, so its fingerprint says which key the learner used.
  const csrKey = seededEcKey(rng)
  files['request.key'] = csrKey.privateKey.export({format: 'pem', type: 'pkcs8'}) as string
  files['csr-host.txt'] = `${csrLabel}\n`
  const fingerprint = createHash('sha256')
    .update(csrKey.publicKey.export({format: 'der', type: 'spki'}))
    .digest('hex')
  const expected =
    [...specs.sort((a, b) => byteCompare(a.host, b.host)).map((s) => `${s.host} ${s.verdict}`), `csr ${csrLabel} DNS:${csrLabel} ${fingerprint}`].join('\n') +
    '\n'
  return {expected, files: Object.fromEntries(Object.entries(files).map(([path, data]) => [path, path === 'request.key' ? {data, mode: 0o600} : data]))}
}

const drill: DrillModule = {generate}
export default drill
