// F29, WebSocket server without an Origin check: the detector of trials/F29-websocket-origin/trial.yaml.
import type {Detector, RawFinding} from '../types.js'
import {callArgs, matchLines} from './util.js'

// An Origin check anywhere in the file (e.g. in an `upgrade` handler of a noServer ws setup).
const JS_ORIGIN_CHECK = /headers\s*(\.\s*origin|\[\s*['"]origin['"]\s*\])|verifyClient|allowRequest/i
const PY_ORIGIN_CHECK = /headers(\.get\(\s*|\[\s*)['"]origin['"]/i

const detector: Detector = {
  detect(model) {
    const out: RawFinding[] = []
    const add = (file: string, line: number, evidence: string, message: string) => out.push({evidence, file, line, message})
    for (const f of model.files) {
      const text = f.text
      if (/\.(m?[jt]sx?|cjs|cts|mts)$/i.test(f.path)) {
        if (/['"]ws['"]/.test(text)) {
          const checked = JS_ORIGIN_CHECK.test(text)
          for (const {line, match} of matchLines(text, /new\s+(WebSocketServer|WebSocket\.Server|WS\.Server)\s*\(/g)) {
            const args = callArgs(text, match.index + match[0].length - 1)
            if (checked || /verifyClient/.test(args)) continue
            add(
              f.path,
              line,
              `new ${match[1]}() without verifyClient or Origin check`,
              "the ws server accepts handshakes from any Origin: any web page can open it with the user's cookies",
            )
          }
        }

        if (/['"]socket\.io['"]/.test(text) && !/allowRequest/.test(text)) {
          for (const {line, match} of matchLines(text, /(new\s+Server|require\(\s*['"]socket\.io['"]\s*\))\s*\(/g)) {
            const args = callArgs(text, match.index + match[0].length - 1)
            const wildcard = /origin\s*:\s*(['"]\*['"]|true)/.exec(args)
            if (!wildcard) continue
            add(
              f.path,
              line,
              `socket.io server with cors origin ${wildcard[1]}`,
              'Socket.IO accepts every Origin (cors origin wildcard) and has no allowRequest check',
            )
          }
        }
      } else if (/\.py$/i.test(f.path)) {
        for (const {line, match} of matchLines(
          text,
          /\b(websockets\.(?:legacy\.server\.|server\.|asyncio\.server\.)?serve|websockets\.sync\.server\.serve)\s*\(/g,
        )) {
          const args = callArgs(text, match.index + match[0].length - 1)
          if (/\borigins\s*=/.test(args)) continue
          add(f.path, line, `${match[1]}() without origins=`, 'the websockets server accepts handshakes from any Origin (no origins= allow-list)')
        }

        if (!PY_ORIGIN_CHECK.test(text)) {
          for (const {line, match} of matchLines(text, /^[ \t]*@\w+\.websocket(_route)?\s*\(/gm)) {
            add(f.path, line, `${match[0].trim()} endpoint without an Origin check`, 'the ASGI WebSocket endpoint never reads the Origin header')
          }
        }
      } else if (/\.go$/i.test(f.path)) {
        for (const {line} of matchLines(text, /CheckOrigin\s*:\s*func\s*\([^)]*\)\s*bool\s*\{\s*return\s+true\s*;?\s*\}/g)) {
          add(f.path, line, 'gorilla/websocket CheckOrigin always returns true', "CheckOrigin returns true: gorilla's same-origin protection is switched off")
        }

        for (const {line} of matchLines(text, /InsecureSkipVerify\s*:\s*true/g)) {
          if (!/websocket/.test(text)) continue
          add(f.path, line, 'websocket AcceptOptions InsecureSkipVerify: true', 'InsecureSkipVerify disables the Origin check of the websocket handshake')
        }

        for (const {line} of matchLines(text, /OriginPatterns\s*:\s*\[\]string\s*\{[^}]*"\*"/g)) {
          add(f.path, line, 'websocket OriginPatterns allows "*"', 'OriginPatterns "*" accepts every Origin')
        }
      }
    }

    return out
  },
}

export default detector
