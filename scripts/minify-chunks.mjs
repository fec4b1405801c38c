/* global process */
// ncc minifies only the entry file of the bundle; the chunks it splits off for dynamic imports (the AWS SDK
// clients, loaded on first use) come out unminified. Minify them in place with esbuild, keeping them ESM.
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { buildSync } from 'esbuild'

const dist = path.resolve(process.argv[2] ?? 'dist')
for (const name of readdirSync(dist).filter(file => /^\d+\.index\.js$/.test(file))) {
  const file = path.join(dist, name)
  buildSync({
    entryPoints: [file],
    outfile: file,
    allowOverwrite: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning'
  })
}
