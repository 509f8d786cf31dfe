import {InputError} from './errors.js'

const SAFE_NAME = /^[A-Za-z0-9._-]{1,64}$/

/**
 * Session ids, key names and the like become file names, so they are held to a small alphabet:
 * `[A-Za-z0-9._-]`, 1-64 characters, never `.` or `..`. Anything else is refused, never rewritten,
 * so two different inputs can never land on the same file.
 */
export function assertSafeName(value: string, what = 'session id'): string {
  if (!SAFE_NAME.test(value) || value === '.' || value === '..') {
    const shown = JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value)
    throw new InputError(`invalid ${what} ${shown}: use 1-64 characters from A-Z a-z 0-9 . _ - (not "." or "..")`, {
      code: 'UNSAFE_NAME',
    })
  }

  return value
}

export function isSafeName(value: string): boolean {
  return SAFE_NAME.test(value) && value !== '.' && value !== '..'
}

/** A session id from the topic and the time: readable, safe, and the same for the same --timestamp. */
export function defaultSessionId(topic: string, iso: string): string {
  const slug = topic
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '')
  const stamp = iso.replace(/[-:]/g, '').replace(/\.\d+/, '')
  return `${slug === '' ? 'session' : slug}-${stamp}`
}
