/**
 * The mechanical fixes `khaos trial fix` knows, by id. A trial declares in its trial.yaml (`fix: [...]`) which of
 * them apply to its findings; the code of each is in src/trials/fix/edits.ts. This module stays free of imports so
 * that loading the catalog (which validates `fix` against these ids) costs nothing.
 */
export const FIX_KINDS = {
  'bind-loopback': 'bind published ports to 127.0.0.1 (or --interface)',
  'checkout-no-persist': 'set persist-credentials: false on actions/checkout steps',
  'grafana-lockdown': 'turn off Grafana anonymous access and open sign-up (env or grafana.ini)',
  'mount-read-only': 'mount sensitive host paths read-only (:ro, read_only: true)',
  'no-new-privileges': 'add security_opt: [no-new-privileges:true] to the services lacking it',
  'pin-action-sha': 'pin a GitHub action to the commit SHA given with --pin owner/repo@ref=sha',
  'private-propagation': 'make shared bind-mount propagation private (rshared → rprivate)',
  'remove-privileged': 'remove privileged: true',
  'remove-unconfined': 'remove security_opt entries that turn seccomp/AppArmor/SELinux off',
  'traefik-api-secure': "turn off Traefik's insecure API (api.insecure=false)",
  'traefik-exposed-by-default': "set the Traefik Docker provider's exposedByDefault to false",
} as const

export type FixKind = keyof typeof FIX_KINDS
