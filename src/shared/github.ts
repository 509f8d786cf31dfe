import {terminalSafe} from './text.js'

/**
 * GitHub Actions workflow commands (`::error|warning|notice file=…,line=…,title=…::message`), which the runner
 * turns into annotations on a pull request's diff. Escaping follows the runner's own (actions/toolkit
 * `command.ts`): in the message `%`, CR and LF; in properties also `:` and `,`. Another `::command::` smuggled in
 * by a hostile file cannot start a line: its line breaks are escaped, and controls are made visible first.
 */

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

export function workflowCommand(level: 'error' | 'notice' | 'warning', where: {file: string; line: number; title: string}, message: string): string {
  const props = `file=${escapeProperty(terminalSafe(where.file))},line=${where.line},title=${escapeProperty(terminalSafe(where.title))}`
  return `::${level} ${props}::${escapeData(terminalSafe(message))}`
}
