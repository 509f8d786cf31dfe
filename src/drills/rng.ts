/**
 * A small seeded PRNG (mulberry32) so a fixture is a pure function of its seed: the same seed gives the
 * same files on every machine and Node version (Math.random cannot be seeded).
 */
export class Rng {
  private state: number

  constructor(seed: number) {
    this.state = (seed >>> 0) ^ 0x9e3779b9
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]
  }

  chance(probability: number): boolean {
    return this.next() < probability
  }

  /** A shuffled copy (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items]
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1))
      ;[copy[i], copy[j]] = [copy[j], copy[i]]
    }

    return copy
  }

  /** `count` distinct items. */
  sample<T>(items: readonly T[], count: number): T[] {
    return this.shuffle(items).slice(0, count)
  }

  /** A private-range-looking IPv4 address from a documentation/test net, so nothing real is named. */
  ipv4(): string {
    const nets = ['192.0.2', '198.51.100', '203.0.113']
    return `${this.pick(nets)}.${this.int(1, 254)}`
  }
}

/** The seed `check` and `verify` use to catch a hard-coded answer: always different from `seed`. */
export function nextSeed(seed: number): number {
  return (seed + 1) >>> 0
}

/** Byte-wise ("C locale") string order, what `LC_ALL=C sort` gives. */
export function byteCompare(a: string, b: string): number {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return Buffer.compare(x, y)
}
