import {spawnSync} from 'node:child_process'

/** True when tmux runs here (Debian package tmux; .ci/run installs it). */
export function hasTmux(): boolean {
  return spawnSync('tmux', ['-V']).status === 0
}

/**
 * A real terminal for a test: a detached tmux session on a private socket, driven by send-keys and read
 * by capture-pane. `kill()` ends the server (and so only what this test started).
 */
export function tmuxSession(name: string, command: string, size = {x: 160, y: 60}) {
  const socket = `khaos-${name}-${process.pid}`
  const tmux = (...args: string[]) => spawnSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'})
  const started = tmux('new-session', '-d', '-s', 'k', '-x', String(size.x), '-y', String(size.y), command)
  if (started.status !== 0) throw new Error(`tmux: ${started.stderr}`)
  const screen = () => tmux('capture-pane', '-p', '-J', '-S', '-', '-t', 'k').stdout
  return {
    kill: () => void tmux('kill-server'),
    /** Keys as tmux names them: literal text, 'Enter', 'Down', 'C-c'. */
    keys: (...keys: string[]) => void tmux('send-keys', '-t', 'k', ...keys),
    screen,
    /** Polls the pane until `pattern` shows (no timing assertion: only a generous upper bound). */
    async waitFor(pattern: RegExp, tries = 240): Promise<string> {
      let text = ''
      for (let i = 0; i < tries; i++) {
        text = screen()
        if (pattern.test(text)) return text
        await new Promise((r) => setTimeout(r, 250))
      }

      throw new Error(`never showed ${pattern}:\n${text}`)
    },
  }
}
