// Bundles firmware/ into one ESM file for boards: image/dist/mip6-router.mjs.
// Native addons stay external: they ship beside the bundle, built for the board's arch.
import { copyFileSync } from 'node:fs'
import { build } from 'esbuild'

const NATIVE = ['cap', 'serialport', '@serialport/*', 'onoff', 'epoll']

const COMMON = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  external: NATIVE,
  banner: {
    js: [
      '#!/usr/bin/env node',
      // Bundled CommonJS dependencies still call require(); give them one.
      "import { createRequire as __mip6CreateRequire } from 'node:module'",
      'const require = __mip6CreateRequire(import.meta.url)',
    ].join('\n'),
  },
  legalComments: 'none',
  logLevel: 'warning',
}

await build({
  ...COMMON,
  entryPoints: ['firmware/src/cli.ts'],
  outfile: 'image/dist/mip6-router.mjs',
})
// The embedded MQTT broker's worker thread, with aedes inside, found beside the bundle.
await build({
  ...COMMON,
  entryPoints: ['packages/telemetry/src/broker-worker.mjs'],
  outfile: 'image/dist/broker-worker.mjs',
})
// libpcap runs in a helper process per interface (packages/netio/src/capture-helper.mjs),
// found beside the bundle.
copyFileSync('packages/netio/src/capture-helper.mjs', 'image/dist/capture-helper.mjs')
console.log('built image/dist/mip6-router.mjs (+ capture-helper.mjs, broker-worker.mjs)')
