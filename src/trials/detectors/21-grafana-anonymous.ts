// F21, Grafana anonymous access or open sign-up: the detector of trials/F21-grafana-anonymous/trial.yaml.
import type {Detector, RawFinding} from '../types.js'
import {parseIni} from './ini.js'
import {boolish} from './util.js'

const ROLE_NOTE = (role: string) =>
  role.toLowerCase() === 'admin'
    ? 'Admin: visitors manage data sources, users and API keys'
    : role.toLowerCase() === 'editor'
      ? 'Editor: visitors change dashboards and query every data source'
      : 'Viewer: visitors read every dashboard and query data sources through Explore'

const detector: Detector = {
  detect(model) {
    const out: RawFinding[] = []
    // Environment (compose environment or env_file): GF_<SECTION>_<KEY>.
    for (const svc of model.services) {
      const env = new Map(svc.environment.map((e) => [e.name.toUpperCase(), e]))
      const anon = env.get('GF_AUTH_ANONYMOUS_ENABLED')
      if (anon && boolish(anon.value) === true) {
        const role = env.get('GF_AUTH_ANONYMOUS_ORG_ROLE')?.value || 'Viewer'
        out.push({
          service: svc.name,
          evidence: `${svc.name}: GF_AUTH_ANONYMOUS_ENABLED=true, org role ${role}`,
          file: anon.file,
          line: anon.line,
          message: `Grafana "${svc.name}" allows anonymous access as ${ROLE_NOTE(role)}`,
          severity: role.toLowerCase() === 'admin' ? 'high' : undefined,
        })
      }

      const signUp = env.get('GF_USERS_ALLOW_SIGN_UP')
      if (signUp && boolish(signUp.value) === true) {
        out.push({
          service: svc.name,
          evidence: `${svc.name}: GF_USERS_ALLOW_SIGN_UP=true`,
          file: signUp.file,
          line: signUp.line,
          message: `Grafana "${svc.name}" lets anyone create an account (open sign-up)`,
        })
      }
    }

    // grafana.ini / custom.ini: any .ini with Grafana's sections.
    for (const f of model.files) {
      if (!/\.ini$/i.test(f.path) || !/^\s*\[(auth\.anonymous|users)\]/m.test(f.text)) continue
      const ini = parseIni(f.text)
      const enabled = ini.get('auth.anonymous')?.get('enabled')
      if (enabled && boolish(enabled.value) === true) {
        const role = ini.get('auth.anonymous')?.get('org_role')?.value || 'Viewer'
        out.push({
          evidence: `[auth.anonymous] enabled = true, org_role = ${role}`,
          file: f.path,
          line: enabled.line,
          message: `Grafana config allows anonymous access as ${ROLE_NOTE(role)}`,
          severity: role.toLowerCase() === 'admin' ? 'high' : undefined,
        })
      }

      const signUp = ini.get('users')?.get('allow_sign_up')
      if (signUp && boolish(signUp.value) === true) {
        out.push({
          evidence: '[users] allow_sign_up = true',
          file: f.path,
          line: signUp.line,
          message: 'Grafana config lets anyone create an account (open sign-up)',
        })
      }
    }

    return out
  },
}

export default detector
