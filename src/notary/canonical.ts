import canonicalizeModule from 'canonicalize'

type Canonicalize = (input: unknown) => string | undefined
// A CommonJS module whose typings declare an ES default: take the function whichever way it arrives.
const serialize = ((canonicalizeModule as unknown as {default?: Canonicalize}).default ?? canonicalizeModule) as unknown as Canonicalize

/** RFC 8785 (JCS) canonical JSON: sorted keys, no whitespace, ECMAScript number form. */
export function canonicalize(value: unknown): string {
  const text = serialize(value)
  if (text === undefined) throw new TypeError('value cannot be represented as JSON')
  return text
}
