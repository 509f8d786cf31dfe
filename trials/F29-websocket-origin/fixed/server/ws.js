import http from 'node:http'
import {WebSocketServer} from 'ws'
import {sessionFromCookie} from './session.js'
import {tailLogs} from './logs.js'

const ALLOWED_ORIGINS = new Set(['https://ops.example.org'])
const server = http.createServer()
const wss = new WebSocketServer({
  server,
  path: '/console',
  verifyClient: ({origin}) => ALLOWED_ORIGINS.has(origin),
})

wss.on('connection', (socket, request) => {
  const session = sessionFromCookie(request.headers.cookie)
  if (!session) return socket.close(4401, 'login required')
  socket.on('message', (data) => tailLogs(session, JSON.parse(String(data)), (line) => socket.send(line)))
})

server.listen(8080)
