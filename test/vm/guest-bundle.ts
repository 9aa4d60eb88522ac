// TypeScript for the guest, bundled by esbuild on the host into one ES module that a check's
// script writes out and runs with plain `node`. Under TCG, tsx in the guest spends ~15 s
// transforming the import graph (the guest's /tmp, tsx's cache, is fresh every boot); the
// bundle starts in ~1.5 s.
import { buildSync } from 'esbuild'

const END = 'MIP6_GUEST_BUNDLE_END'

/** Shell lines that write `entry`, bundled, to `path` (shell words expand) in a quoted here-document. */
export function writeBundleScript(entry: string, path: string): string {
  const [out] = buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  }).outputFiles
  const code = out!.text
  if (code.split('\n').includes(END)) throw new Error(`${entry}: the bundle holds the line ${END}`)
  return `cat >"${path}" <<'${END}'\n${code}${code.endsWith('\n') ? '' : '\n'}${END}\n`
}
