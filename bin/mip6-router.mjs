#!/usr/bin/env node
// The `mip6-router` command in a checkout: runs the TypeScript source through tsx, so the
// command always matches the tree. Boards run the esbuild bundle from image/dist instead.
import { register } from 'tsx/esm/api'

register()
await import('../firmware/src/cli.ts')
