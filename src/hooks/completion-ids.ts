import {type Hook} from '../shared/oclif.js'
import {appendFileSync, existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

const MARK = '# khaos: complete drill, trial and key ids'

/**
 * oclif's autocomplete plugin completes commands and flags only. After it writes its bash function, this
 * appends a wrapper that also offers ids where a command takes one (drill N, trial explain F4, keys show
 * NAME, --key NAME, --only F4), read through `khaos complete-ids KIND` so they follow the catalog and key store.
 */
const hook: Hook.Postrun = async function ({Command, config}) {
  if (Command?.id !== 'autocomplete' && Command?.id !== 'autocomplete:create') return
  const file = join(config.cacheDir, 'autocomplete', 'functions', 'bash', `${config.bin}.bash`)
  if (!existsSync(file) || readFileSync(file, 'utf8').includes(MARK)) return
  appendFileSync(
    file,
    `
${MARK}
_${config.bin}_ids_autocomplete()
{
  _${config.bin}_autocomplete
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" kind=""
  case "\${COMP_WORDS[1]} \${COMP_WORDS[2]}" in
    "drill check"|"drill hint"|"drill reset"|"drill show"|"drill start"|"drill watch") [[ $COMP_CWORD -eq 3 ]] && kind=drill ;;
    "trial explain") [[ $COMP_CWORD -eq 3 ]] && kind=trial ;;
    "keys show") [[ $COMP_CWORD -eq 3 ]] && kind=key ;;
  esac
  case "$prev" in
    --key|-k) kind=key ;;
    --only) kind=trial ;;
  esac
  if [[ -n "$kind" && "$cur" != -* ]]; then
    COMPREPLY=($(compgen -W "$(${config.bin} complete-ids "$kind" 2>/dev/null)" -- "$cur"))
  fi
}
complete -F _${config.bin}_ids_autocomplete ${config.bin}
`,
  )
}

export default hook
