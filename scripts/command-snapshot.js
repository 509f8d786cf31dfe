// The command snapshot (as Salesforce's plugin-deploy-retrieve keeps one): every command's id, arguments and
// flags with their type, char, default, options and multiple, from oclif.manifest.json. A test compares it
// with the manifest, so renaming or removing a flag, an option or a command is a visible, reviewed change.
//   node scripts/command-snapshot.js          print the snapshot
//   node scripts/command-snapshot.js --write  rewrite command-snapshot.json (npm run snapshot:update)
import {readFileSync, writeFileSync} from 'node:fs'

const root = new URL('..', import.meta.url)

export function commandSnapshot(manifest) {
  return Object.values(manifest.commands)
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((command) => ({
      command: command.id.replaceAll(':', ' '),
      args: Object.values(command.args ?? {}).map((arg) => ({name: arg.name, ...(arg.required ? {required: true} : {})})),
      flags: Object.values(command.flags ?? {})
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((flag) => ({
          name: flag.name,
          type: flag.type,
          ...(flag.char ? {char: flag.char} : {}),
          ...(flag.default !== undefined ? {default: flag.default} : {}),
          ...(flag.options ? {options: flag.options} : {}),
          ...(flag.multiple ? {multiple: true} : {}),
          ...(flag.required ? {required: true} : {}),
        })),
      ...(command.enableJsonFlag ? {json: true} : {}),
    }))
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const manifest = JSON.parse(readFileSync(new URL('oclif.manifest.json', root), 'utf8'))
  const text = `${JSON.stringify(commandSnapshot(manifest), null, 2)}\n`
  if (process.argv.includes('--write')) writeFileSync(new URL('command-snapshot.json', root), text)
  else process.stdout.write(text)
}
