/** Where each trial is documented: `${TRIAL_DOCS_URL}#f4` (docs/trials.md has an anchor per trial). No imports: explain and the reports share it. */
export const TRIAL_DOCS_URL = 'https://github.com/khaos-cli/khaos/blob/main/docs/trials.md'

export function trialDocsUri(id: string): string {
  return `${TRIAL_DOCS_URL}#${id.toLowerCase()}`
}
