// Run inside the router's namespace once its inspector listens (see readHeap in children.ts):
// a full garbage collection, then process.memoryUsage() of the router, printed as JSON.
// Needs node --experimental-websocket (Node 20's WebSocket).
const INSPECTOR = 'http://127.0.0.1:9229'
const OPEN_TRIES = 50
const RETRY_MS = 100

interface MinimalWebSocket {
  onopen: (() => void) | null
  onmessage: ((e: { data: string }) => void) | null
  onerror: ((e: unknown) => void) | null
  send(text: string): void
  close(): void
}
type WebSocketClass = new (url: string) => MinimalWebSocket

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The inspector may take a moment to listen after SIGUSR1. */
async function debuggerUrl(): Promise<string> {
  for (let i = 0; ; i++) {
    try {
      const list = (await (await fetch(`${INSPECTOR}/json/list`)).json()) as Array<{
        webSocketDebuggerUrl: string
      }>
      if (list[0]) return list[0].webSocketDebuggerUrl
    } catch (e) {
      if (i >= OPEN_TRIES) throw e
    }
    await sleep(RETRY_MS)
  }
}

async function main(): Promise<void> {
  const WebSocket = (globalThis as unknown as { WebSocket: WebSocketClass }).WebSocket
  const ws = new WebSocket(await debuggerUrl())
  const pending = new Map<number, (result: unknown) => void>()
  let nextId = 1
  const call = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve) => {
      const id = nextId++
      pending.set(id, resolve)
      ws.send(JSON.stringify({ id, method, params }))
    })
  ws.onmessage = (e) => {
    const m = JSON.parse(e.data) as { id?: number; result?: unknown }
    if (m.id !== undefined) pending.get(m.id)?.(m.result)
  }
  await new Promise<void>((resolve, reject) => {
    ws.onopen = () => resolve()
    ws.onerror = (e) => reject(new Error(`inspector: ${String(e)}`))
  })
  await call('HeapProfiler.collectGarbage')
  const r = (await call('Runtime.evaluate', {
    expression: 'JSON.stringify(process.memoryUsage())',
    returnByValue: true,
  })) as { result: { value: string } }
  process.stdout.write(r.result.value)
  ws.close()
}

await main()

export {}
