/** Product configuration files found by shape (Prometheus, Alertmanager, Loki, Grafana datasources) and a YAML walker. */
import type {ProjectModel, Service} from '../model/index.js'
import {isRecord, lineOf, type YamlValue} from '../model/yaml.js'
import {flagValue} from './util.js'

/** A YAML document of the given kind, by shape (file names vary too much to trust). */
export type ConfigKind = 'alertmanager' | 'grafana-datasources' | 'loki' | 'prometheus'

export function configKind(doc: YamlValue): ConfigKind | undefined {
  if (!isRecord(doc)) return undefined
  if (Array.isArray(doc.datasources) || Array.isArray(doc.deleteDatasources)) return 'grafana-datasources'
  if ('receivers' in doc && 'route' in doc) return 'alertmanager'
  if ('scrape_configs' in doc || 'remote_write' in doc || ('global' in doc && ('rule_files' in doc || 'alerting' in doc))) return 'prometheus'
  if ('auth_enabled' in doc || ('schema_config' in doc && ('ingester' in doc || 'common' in doc || 'storage_config' in doc))) return 'loki'
  return undefined
}

type Configs = Array<{path: string; doc: {[key: string]: YamlValue}}>
const configCache = new WeakMap<ProjectModel, Map<ConfigKind, Configs>>()

/** Every YAML document of that kind in the tree (classified once per model, then cached). */
export function configsOf(model: ProjectModel, kind: ConfigKind): Configs {
  let byKind = configCache.get(model)
  if (!byKind) {
    byKind = new Map()
    for (const y of model.yamlFiles) {
      if (y.path.startsWith('.github/')) continue
      for (const doc of y.docs) {
        const k = configKind(doc)
        if (!k || !isRecord(doc)) continue
        if (!byKind.has(k)) byKind.set(k, [])
        byKind.get(k)!.push({doc, path: y.path})
      }
    }

    configCache.set(model, byKind)
  }

  return byKind.get(kind) ?? []
}

/**
 * The Loki config a Loki service runs: the file named by `-config.file` inside its compose project.
 * `builtin` when there is no flag (the image's local-config.yaml); undefined when the named file is not in the tree.
 */
export function lokiConfigFor(model: ProjectModel, svc: Service): {path: string; doc: {[key: string]: YamlValue}} | 'builtin' | undefined {
  const flag = flagValue(svc, 'config.file')
  if (!flag) return 'builtin'
  const wanted = flag.value.slice(flag.value.lastIndexOf('/') + 1)
  return configsOf(model, 'loki').find(
    (c) => c.path.slice(c.path.lastIndexOf('/') + 1) === wanted && (svc.project === '' || c.path.startsWith(`${svc.project}/`)),
  )
}

/** Calls `visit` for every key of every map below `value`, with the dotted path and the key's line. */
export function walkYaml(
  value: YamlValue,
  visit: (path: string, key: string, value: YamlValue, line: number) => void,
  path = '',
  seen = new Set<object>(),
): void {
  if (value === null || typeof value !== 'object' || seen.has(value)) return
  seen.add(value)
  if (Array.isArray(value)) {
    value.forEach((item, i) => walkYaml(item, visit, `${path}[${i}]`, seen))
    return
  }

  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key
    visit(childPath, key, child, lineOf(value, key))
    walkYaml(child, visit, childPath, seen)
  }
}
