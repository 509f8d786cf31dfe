import {statSync} from 'node:fs'
import {basename, dirname, resolve} from 'node:path'

import {InputError} from '../../shared/errors.js'
import {buildComposeProjects, inTree, isComposeName, looksLikeCompose, type ComposeProject, type Service} from './compose.js'
import {isDockerfileName, parseDockerfile, type Instruction} from './dockerfile.js'
import {parseEnvFile, type EnvEntry} from './env.js'
import {discoverFiles, type DiscoverOptions, type ProjectFile, type SkippedFile} from './files.js'
import {readGit, type GitInfo} from './git.js'
import {
  collectDynamic,
  envToSettings,
  flagsToSettings,
  flattenToml,
  flattenYaml,
  isTraefikImage,
  labelSettings,
  isTraefikV1,
  looksLikeTraefikDynamic,
  looksLikeTraefikStatic,
  v1LabelsToV2,
  v1StaticToV2,
  type Setting,
  type TraefikModel,
} from './traefik.js'
import {lineOf, parseYaml, type ParsedYaml, type YamlValue} from './yaml.js'

export * from './compose.js'
export * from './dockerfile.js'
export * from './env.js'
export * from './files.js'
export * from './git.js'
export * from './traefik.js'
export * from './yaml.js'

export interface ParseProblem {
  file: string
  line: number
  message: string
}

export interface YamlFile {
  path: string
  docs: YamlValue[]
}

/**
 * The one parsed model of a project every detector shares. Files are read once at construction; each
 * view (YAML, compose, Traefik, Dockerfiles, workflows, .env, git) is built on first use and cached, so
 * a run of one trial pays only for what it reads.
 */
export class ProjectModel {
  readonly root: string
  readonly files: ProjectFile[]
  readonly skipped: SkippedFile[]
  private readonly byPath: Map<string, ProjectFile>
  private readonly yamlCache = new Map<string, ParsedYaml>()
  private cache: {
    compose?: ComposeProject[]
    dockerfiles?: Array<{path: string; instructions: Instruction[]}>
    envFiles?: Array<{path: string; entries: EnvEntry[]}>
    git?: GitInfo
    traefik?: TraefikModel
    workflows?: YamlFile[]
    yamlFiles?: YamlFile[]
    serviceLines?: Map<string, Array<{line: number; name: string}>>
  } = {}

  constructor(root: string, files: ProjectFile[], skipped: SkippedFile[]) {
    this.root = root
    this.files = files
    this.skipped = skipped
    this.byPath = new Map(files.map((f) => [f.path, f]))
  }

  file(path: string): ProjectFile | undefined {
    return this.byPath.get(path)
  }

  text(path: string): string | undefined {
    return this.byPath.get(path)?.text
  }

  /** Parsed YAML of one file (cached); `error` is set for malformed YAML. */
  yaml(path: string): ParsedYaml | undefined {
    const file = this.byPath.get(path)
    if (!file) return undefined
    let parsed = this.yamlCache.get(path)
    if (!parsed) {
      parsed = parseYaml(file.text)
      this.yamlCache.set(path, parsed)
    }

    return parsed
  }

  /** Every .yml/.yaml file that parsed (documents that parsed before an error are kept). */
  get yamlFiles(): YamlFile[] {
    this.cache.yamlFiles ??= this.files.filter((f) => /\.ya?ml$/i.test(f.path)).map((f) => ({docs: this.yaml(f.path)!.docs, path: f.path}))
    return this.cache.yamlFiles
  }

  /**
   * Malformed YAML files, each with the line of its first error. A file that fails to parse because it is a
   * template (Helm/Jinja `{{ }}`/`{% %}` outside strings) is not YAML yet: it is listed in `skipped` instead.
   */
  get parseProblems(): ParseProblem[] {
    const out: ParseProblem[] = []
    for (const f of this.files) {
      if (!/\.ya?ml$/i.test(f.path)) continue
      const error = this.yaml(f.path)!.error
      if (!error) continue
      if (/\{\{-?\s|\{%-?\s/.test(f.text) && !/alias/.test(error.message)) {
        if (!this.skipped.some((s) => s.path === f.path)) this.skipped.push({path: f.path, reason: 'template (Helm/Jinja), not parsed as YAML'})
        continue
      }

      out.push({file: f.path, line: error.line, message: error.message})
    }

    return out
  }

  /** Notes about the scan itself (a khaos config entry that was ignored …), printed with the results. */
  readonly notes: string[] = []

  /**
   * Compose file sets named in `.khaos-trials.yaml` at the scan root (`compose: {projects: [[base.yml, prod.yml]]}`),
   * for repositories that run a set no file name or COMPOSE_FILE reveals. Paths are relative to the root and must
   * stay inside it; anything else is ignored with a note.
   */
  private configuredProjects(): string[][] {
    const path = ['.khaos-trials.yaml', '.khaos-trials.yml'].find((p) => this.byPath.has(p))
    if (!path) return []
    const doc = this.yaml(path)?.docs[0]
    const compose = doc !== null && typeof doc === 'object' && !Array.isArray(doc) ? (doc as {[key: string]: YamlValue}).compose : undefined
    const list = compose !== null && typeof compose === 'object' && !Array.isArray(compose) ? (compose as {[key: string]: YamlValue}).projects : undefined
    if (list === undefined) return []
    if (!Array.isArray(list)) {
      this.notes.push(`${path}: compose.projects is not a list of file lists; ignored`)
      return []
    }

    const out: string[][] = []
    list.forEach((entry, i) => {
      const files = Array.isArray(entry) ? entry.map((f) => (typeof f === 'string' ? inTree('', f) : undefined)) : []
      if (files.length === 0 || files.some((f) => f === undefined || !this.byPath.has(f))) {
        this.notes.push(`${path}: compose.projects[${i}] ignored (a list of compose files inside the scanned tree is expected)`)
        return
      }

      out.push(files as string[])
    })
    return out
  }

  get composeProjects(): ComposeProject[] {
    this.cache.compose ??= buildComposeProjects(
      this.yamlFiles
        .filter((y) => y.docs.length > 0 && !y.path.startsWith('.github/') && (isComposeName(y.path) ? isComposeDoc(y.docs[0]) : looksLikeCompose(y.docs[0])))
        .map((y) => ({doc: y.docs[0], path: y.path})),
      (p) => this.text(p),
      (p) => this.yaml(p)?.docs[0],
      this.configuredProjects(),
    )
    return this.cache.compose
  }

  /** Every compose service, merged per project. */
  get services(): Service[] {
    return this.composeProjects.flatMap((p) => p.services)
  }

  /**
   * The compose service whose block holds a line of a compose file (the last service key at or above it inside
   * `services:`), for findings read from text rather than from a service (F28's URLs, Traefik labels).
   */
  serviceAt(file: string, line: number): string | undefined {
    if (!this.cache.serviceLines) {
      const lines = new Map<string, Array<{line: number; name: string}>>()
      for (const y of this.yamlFiles) {
        const doc = y.docs[0]
        if (!isComposeDoc(doc)) continue
        const services = (doc as {services: YamlValue}).services
        if (services === null || typeof services !== 'object' || Array.isArray(services)) continue
        lines.set(
          y.path,
          Object.keys(services)
            .map((name) => ({line: lineOf(services, name), name}))
            .filter((e) => e.line > 0)
            .sort((a, b) => a.line - b.line),
        )
      }

      this.cache.serviceLines = lines
    }

    const entries = this.cache.serviceLines.get(file)
    if (!entries || entries.length === 0) return undefined
    let found: string | undefined
    for (const e of entries) if (e.line <= line) found = e.name
    // Past the last service, a top-level key (volumes:, networks:) may start: only trust lines inside the block's indentation.
    if (found === entries.at(-1)!.name) {
      const text = this.text(file)?.split(/\r?\n/) ?? []
      for (let i = entries.at(-1)!.line; i < line && i < text.length; i++) if (/^[^\s#]/.test(text[i])) return undefined
    }

    return found
  }

  get traefik(): TraefikModel {
    if (this.cache.traefik) return this.cache.traefik
    const model: TraefikModel = {dynamicSettings: [], middlewares: [], proxies: [], routers: [], statics: []}
    for (const y of this.yamlFiles) {
      const doc = y.docs[0]
      if (doc === undefined) continue
      if (looksLikeTraefikStatic(doc)) model.statics.push({origin: y.path, settings: asV2(flattenYaml(doc, y.path, 'file'))})
      else if (looksLikeTraefikDynamic(doc)) collectDynamic(flattenYaml(doc, y.path, 'file'), 'file', model)
    }

    for (const f of this.files) {
      if (!/\.toml$/i.test(f.path)) continue
      const settings = flattenToml(f.text, f.path)
      const keys = [...settings.keys()]
      if (keys.some((k) => k.startsWith('entrypoints.')) && keys.some((k) => /^(providers|api|certificatesresolvers|docker|acme|web)(\.|$)/.test(k)))
        model.statics.push({origin: f.path, settings: asV2(settings)})
      else if (keys.some((k) => /^http\.(routers|middlewares)\./.test(k))) collectDynamic(settings, 'file', model)
    }

    for (const svc of this.services) {
      if (isTraefikImage(svc.image?.value)) {
        model.proxies.push(svc)
        const settings = flagsToSettings([...svc.entrypoint, ...svc.command])
        for (const [k, v] of envToSettings(svc)) if (!settings.has(k)) settings.set(k, v)
        model.statics.push({origin: `${svc.file}#${svc.name}`, service: svc, settings: asV2(settings, svc.image?.value)})
      }

      const labels = labelSettings(svc)
      if (labels.size > 0)
        collectDynamic([...labels.keys()].some((k) => /(^|\.)frontend\./.test(k)) ? v1LabelsToV2(labels, svc.name) : labels, 'docker', model, svc)
    }

    this.cache.traefik = model
    return model
  }

  get dockerfiles(): Array<{path: string; instructions: Instruction[]}> {
    this.cache.dockerfiles ??= this.files.filter((f) => isDockerfileName(f.path)).map((f) => ({instructions: parseDockerfile(f.text), path: f.path}))
    return this.cache.dockerfiles
  }

  /** GitHub Actions workflows (.github/workflows/*.yml) that parsed. */
  get workflows(): YamlFile[] {
    this.cache.workflows ??= this.yamlFiles.filter((y) => /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/i.test(y.path) && y.docs.length > 0)
    return this.cache.workflows
  }

  /** `.env`, `.env.*`, `*.env` files (not `.env.example`-style templates: those are meant to be committed). */
  get envFiles(): Array<{path: string; entries: EnvEntry[]}> {
    this.cache.envFiles ??= this.files.filter((f) => isEnvFileName(f.path)).map((f) => ({entries: parseEnvFile(f.text), path: f.path}))
    return this.cache.envFiles
  }

  get git(): GitInfo {
    this.cache.git ??= readGit(this.root)
    return this.cache.git
  }
}

/** Static settings in Traefik 2.x terms: a 1.x configuration gets its 2.x equivalents added (see v1StaticToV2). */
function asV2(settings: Map<string, Setting>, image?: string): Map<string, Setting> {
  return isTraefikV1(settings, image) ? v1StaticToV2(settings) : settings
}

function isComposeDoc(doc: YamlValue): boolean {
  return doc !== null && typeof doc === 'object' && !Array.isArray(doc) && 'services' in doc
}

function isEnvFileName(path: string): boolean {
  const base = basename(path)
  if (/\.(example|sample|template|dist|tmpl|tpl)$/i.test(base) || /example|sample/i.test(base)) return false
  return base === '.env' || /^\.env\.[\w.-]+$/.test(base) || /^[\w.-]+\.env$/.test(base)
}

/**
 * Reads the target (a directory, or a single file scanned on its own) into a model. A missing target is
 * an input error; everything wrong inside the tree is reported on the model, never thrown.
 */
export function buildModel(target: string, options: DiscoverOptions = {}): ProjectModel {
  const abs = resolve(target)
  let stats
  try {
    stats = statSync(abs)
  } catch {
    throw new InputError(`scan target ${target}: no such file or directory`)
  }

  if (stats.isFile()) {
    const root = dirname(abs)
    const {files, skipped} = discoverFiles(root, {...options, only: [basename(abs)]})
    return new ProjectModel(root, files, skipped)
  }

  if (!stats.isDirectory()) throw new InputError(`scan target ${target}: not a file or directory`)
  const {files, skipped} = discoverFiles(abs, options)
  return new ProjectModel(abs, files, skipped)
}
