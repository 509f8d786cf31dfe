import {spawnSync} from 'node:child_process'

import {toolsNotOnPath} from '../shared/tools.js'

/** What khaos features can use from the system, and which Debian package provides each tool. */

export const FEATURES = ['drills', 'maps', 'notary', 'trials'] as const
export type Feature = (typeof FEATURES)[number]

/** Tools a feature needs beyond Node; `drills` is completed at run time from the drill catalog. */
const FEATURE_TOOLS: Record<Feature, string[]> = {
  drills: ['bash'],
  maps: ['dot'],
  notary: ['signify-openbsd', 'minisign'],
  trials: ['git'],
}

/** Tool → Debian package (apt-get install -y PACKAGE). */
const DEBIAN_PACKAGES: Record<string, string> = {
  awk: 'gawk',
  basename: 'coreutils',
  bash: 'bash',
  cksum: 'coreutils',
  curl: 'curl',
  cut: 'coreutils',
  dot: 'graphviz',
  find: 'findutils',
  git: 'git',
  grep: 'grep',
  gzip: 'gzip',
  head: 'coreutils',
  jq: 'jq',
  minisign: 'minisign',
  openssl: 'openssl',
  ps: 'procps',
  sed: 'sed',
  'signify-openbsd': 'signify-openbsd',
  sort: 'coreutils',
  ss: 'iproute2',
  tail: 'coreutils',
  tr: 'coreutils',
  uniq: 'coreutils',
  wc: 'coreutils',
  xargs: 'findutils',
}

/** How to print a version, for the tools whose version is worth showing. */
const VERSION_ARGS: Record<string, string[]> = {dot: ['-V'], git: ['--version'], jq: ['--version'], minisign: ['-v'], openssl: ['version']}

export interface ToolStatus {
  name: string
  found: boolean
  /** The Debian package that provides it. */
  package: string
  /** The features that use it. */
  features: Feature[]
  version?: string
}

/** Which tools are on PATH: one bash for all (`command -v`), then a version probe for a few. */
export function probeTools(needs: Map<string, Feature[]>): ToolStatus[] {
  const names = [...needs.keys()].sort()
  const missing = toolsNotOnPath(names)
  return names.map((name) => {
    const found = !missing.has(name)
    let version: string | undefined
    if (found && VERSION_ARGS[name]) {
      const probe = spawnSync(name, VERSION_ARGS[name], {encoding: 'utf8', timeout: 5000})
      version = `${probe.stdout ?? ''}${probe.stderr ?? ''}`
        .split('\n')
        .find((l) => l.trim() !== '')
        ?.trim()
    }

    return {features: needs.get(name)!, found, name, package: DEBIAN_PACKAGES[name] ?? name, version}
  })
}

/** tool → the chosen features that need it. */
export function toolsFor(features: Feature[], drillTools: string[]): Map<string, Feature[]> {
  const needs = new Map<string, Feature[]>()
  for (const feature of features) {
    const tools = feature === 'drills' ? [...FEATURE_TOOLS.drills, ...drillTools] : FEATURE_TOOLS[feature]
    for (const tool of tools) needs.set(tool, [...new Set([...(needs.get(tool) ?? []), feature])])
  }

  return needs
}

export function installCommand(tools: ToolStatus[]): string | undefined {
  const packages = [...new Set(tools.filter((t) => !t.found).map((t) => t.package))].sort()
  return packages.length === 0 ? undefined : `sudo apt-get install -y ${packages.join(' ')}`
}
