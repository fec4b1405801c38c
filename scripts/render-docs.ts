import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import MarkdownIt from 'markdown-it'
import githubAlerts from 'markdown-it-github-alerts'

/**
 * Renders the markdown the demo produced (job summary, plan comment) the way GitHub shows it, to standalone
 * HTML, and takes a PNG of each with headless Chromium so the README can show them.
 * `npm run docs:render -- [file.md ...] [--out DIR] [--no-png] [--open-details] [--force]`; a page that did not
 * change keeps its PNG (`--force` takes it again).
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)

export const DEFAULT_INPUTS = ['docs/examples/job-summary.md', 'docs/examples/plan-comment.md']
export const DEFAULT_OUT_DIR = 'docs/rendered'
/**
 * Close to GitHub's README column (about 880 px beside the sidebar), so the PNG is shown at nearly its own
 * size and its 14 px text stays readable (wider screenshots are scaled down until it is not), and wide enough
 * that the task table's one-word cells (RUNNING, HEALTHY) do not wrap.
 */
export const WINDOW_WIDTH = 1000
const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']
const INSTALL_HINT =
  'PNGs need Chromium: apt-get update && apt-get install -y chromium fonts-noto-color-emoji'

function stylesheet(id: string): string {
  return readFileSync(require.resolve(id), 'utf8')
}

/** GitHub's markdown CSS, its alert colours, and the frame a job summary or a comment sits in on github.com. */
function pageCss(): string {
  return [
    stylesheet('github-markdown-css/github-markdown-light.css'),
    stylesheet('markdown-it-github-alerts/styles/github-base.css'),
    stylesheet('markdown-it-github-alerts/styles/github-colors-light.css'),
    `body { margin: 0; background: #f6f8fa; }
.frame { box-sizing: border-box; max-width: ${WINDOW_WIDTH - 32}px; margin: 16px auto; background: #fff;
  border: 1px solid #d1d9e0; border-radius: 6px; overflow: hidden; }
.frame-header { padding: 8px 16px; background: #f6f8fa; border-bottom: 1px solid #d1d9e0; color: #59636e;
  font: 600 14px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
.markdown-body { padding: 16px 24px 24px; }
/* A PNG cannot scroll: long digests, ARNs and diff lines wrap instead of running past the right edge. */
.markdown-body td:last-child, .markdown-body td:not(:first-child) code { overflow-wrap: anywhere; }
.markdown-body pre, .markdown-body pre code { white-space: pre-wrap; overflow-wrap: anywhere; }
.markdown-body pre .diff-added, .markdown-body pre .diff-removed { box-sizing: border-box; max-width: 100%; }
.markdown-body .diff-added { color: #116329; background: #dafbe1; display: inline-block; min-width: 100%; }
.markdown-body .diff-removed { color: #82071e; background: #ffebe9; display: inline-block; min-width: 100%; }`
  ].join('\n')
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

/** GitHub colours the lines of a `diff` block; other languages stay plain (markdown-it escapes them). */
function highlightDiff(code: string, language: string): string {
  if (language !== 'diff') return ''
  const lines = code.replace(/\n$/, '').split('\n')
  const body = lines
    .map(line => {
      const kind = line.startsWith('+') ? 'diff-added' : line.startsWith('-') ? 'diff-removed' : undefined
      return kind ? `<span class="${kind}">${escapeHtml(line)}</span>` : escapeHtml(line)
    })
    .join('\n')
  return `<pre><code class="language-diff">${body}\n</code></pre>`
}

function markdownRenderer() {
  // html: GitHub renders <details>, <summary> and <sub>; the action escapes every untrusted string itself.
  return new MarkdownIt({ html: true, linkify: true, highlight: highlightDiff }).use(githubAlerts)
}

/** What a reader sees above the content on github.com. */
export function frameLabel(name: string): string {
  if (/comment/i.test(name)) return 'github-actions[bot] commented'
  if (/summary/i.test(name)) return 'deploy summary'
  return name
}

export interface PageOptions {
  title: string
  label?: string
  /** Show collapsed sections (the task-definition diff) expanded, as after a reader's click. */
  openDetails?: boolean
}

/** A standalone HTML page: CSS inline, no script, nothing loaded from the network. */
export function renderMarkdownPage(markdown: string, options: PageOptions): string {
  const rendered = markdownRenderer().render(markdown)
  const body = options.openDetails ? rendered.replace(/<details(?=[\s>])/g, '<details open') : rendered
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<style>
${pageCss()}
</style>
</head>
<body>
<div class="frame">
<div class="frame-header">${escapeHtml(options.label ?? options.title)}</div>
<article class="markdown-body">
${body}</article>
</div>
</body>
</html>
`
}

export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CHROMIUM) return existsSync(env.CHROMIUM) ? env.CHROMIUM : undefined
  return CHROMIUM_CANDIDATES.find(candidate => existsSync(candidate))
}

/** Flags that keep a headless run quiet and offline: no sandbox (root in a container), no updates, no sync. */
function chromiumFlags(profile: string): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--hide-scrollbars',
    `--user-data-dir=${profile}`
  ]
}

function runChromium(chromium: string, args: string[]): string {
  const profile = mkdtempSync(path.join(tmpdir(), 'render-docs-chromium-'))
  try {
    const result = spawnSync(chromium, [...chromiumFlags(profile), ...args], {
      encoding: 'utf8',
      timeout: 120_000
    })
    if (result.error) throw result.error
    if (result.status !== 0)
      throw new Error(`${chromium} exited with ${result.status}: ${result.stderr.trim()}`)
    return result.stdout
  } finally {
    rmSync(profile, { recursive: true, force: true })
  }
}

/**
 * A screenshot is as tall as the window, so the page is measured first: a copy with a script that writes its
 * height into the DOM, read back with --dump-dom. The published HTML stays free of scripts.
 */
function measureHeight(chromium: string, html: string): number {
  const dir = mkdtempSync(path.join(tmpdir(), 'render-docs-measure-'))
  try {
    const probe = path.join(dir, 'measure.html')
    const script =
      '<script>addEventListener("load", () => { document.body.setAttribute("data-height", ' +
      'String(Math.ceil(document.documentElement.scrollHeight))) })</script>'
    writeFileSync(probe, html.replace('</body>', `${script}\n</body>`))
    const dom = runChromium(chromium, [
      `--window-size=${WINDOW_WIDTH},800`,
      '--dump-dom',
      pathToFileURL(probe).href
    ])
    const height = Number(/data-height="(\d+)"/.exec(dom)?.[1])
    if (!Number.isFinite(height) || height <= 0) throw new Error('could not measure the page height')
    return Math.min(height, 16_000)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * What a reader of the PNG would miss: anything wider than the frame is cut off at the right edge (a table
 * GitHub would scroll sideways, a long unbroken digest). The page is laid out by Chromium at the screenshot's
 * width, and every element of the rendered markdown is measured against the frame.
 */
export function layoutProblems(chromium: string, html: string): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'render-docs-layout-'))
  try {
    const probe = path.join(dir, 'layout.html')
    const script = `<script>addEventListener("load", () => {
  const frame = document.querySelector(".markdown-body").getBoundingClientRect();
  const problems = [];
  for (const element of document.querySelectorAll(".markdown-body *")) {
    const box = element.getBoundingClientRect();
    const overflows = element.scrollWidth > element.clientWidth + 1 && getComputedStyle(element).overflowX !== "visible";
    if (box.right > frame.right + 1 || overflows)
      problems.push(element.tagName.toLowerCase() + " " + Math.round(box.width) + " px wide: " + element.textContent.replace(/\\s+/g, " ").trim().slice(0, 60));
  }
  document.body.setAttribute("data-problems", JSON.stringify([...new Set(problems)].slice(0, 20)));
})</script>`
    writeFileSync(probe, html.replace('</body>', `${script}\n</body>`))
    const dom = runChromium(chromium, [
      `--window-size=${WINDOW_WIDTH},800`,
      '--dump-dom',
      pathToFileURL(probe).href
    ])
    const attribute = /data-problems="([^"]*)"/.exec(dom)?.[1]
    if (attribute === undefined) return ['Chromium did not lay the page out (no measurement came back)']
    return JSON.parse(attribute.replace(/&quot;/g, '"').replace(/&amp;/g, '&')) as string[]
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Width and height from a PNG's IHDR chunk, or undefined when the file is no PNG. */
export function pngSize(png: Buffer): { width: number; height: number } | undefined {
  if (png.length < 24 || png.toString('latin1', 1, 4) !== 'PNG' || png.toString('latin1', 12, 16) !== 'IHDR')
    return undefined
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) }
}

export function screenshot(chromium: string, htmlFile: string, pngFile: string): void {
  const height = measureHeight(chromium, readFileSync(htmlFile, 'utf8'))
  runChromium(chromium, [
    `--screenshot=${pngFile}`,
    `--window-size=${WINDOW_WIDTH},${height}`,
    pathToFileURL(htmlFile).href
  ])
  if (!existsSync(pngFile)) throw new Error(`Chromium did not write ${pngFile}`)
}

export interface RenderedDoc {
  input: string
  html: string
  png?: string
  /** What the headless-browser check found wrong with the PNG; empty when it is fine. */
  problems?: string[]
}

export interface RenderOptions {
  outDir: string
  /** Take every PNG again, also where the page is the one the existing PNG shows. */
  force?: boolean
  openDetails?: boolean
  /** Path to a Chromium binary; undefined renders HTML only. */
  chromium?: string
}

export function renderDocs(inputs: string[], options: RenderOptions): RenderedDoc[] {
  mkdirSync(options.outDir, { recursive: true })
  return inputs.map(input => {
    const name = path.basename(input).replace(/\.(md|markdown)$/i, '')
    const html = path.join(options.outDir, `${name}.html`)
    const page = renderMarkdownPage(readFileSync(input, 'utf8'), {
      title: name,
      label: frameLabel(name),
      openDetails: options.openDetails
    })
    // The same page keeps its PNG: a screenshot is not byte-for-byte repeatable across machines and fonts.
    const unchanged = existsSync(html) && readFileSync(html, 'utf8') === page
    writeFileSync(html, page)
    if (!options.chromium) return { input, html }
    const png = path.join(options.outDir, `${name}.png`)
    if (options.force || !unchanged || !existsSync(png)) screenshot(options.chromium, html, png)
    const size = pngSize(readFileSync(png))
    const problems = [
      ...(size === undefined
        ? [`${png} is not a PNG`]
        : size.width !== WINDOW_WIDTH || size.height < 200
          ? [`${png} is ${size.width}x${size.height}, expected ${WINDOW_WIDTH} wide and the page's height`]
          : []),
      ...layoutProblems(options.chromium, readFileSync(html, 'utf8'))
    ]
    return { input, html, png, problems }
  })
}

interface CliArguments {
  inputs: string[]
  outDir: string
  png: boolean
  openDetails: boolean
  force: boolean
}

function parseArguments(argv: string[]): CliArguments {
  const inputs: string[] = []
  let outDir = DEFAULT_OUT_DIR
  let png = true
  let openDetails = false
  let force = false
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index]
    if (argument === '--out') outDir = argv[++index] ?? DEFAULT_OUT_DIR
    else if (argument === '--no-png') png = false
    else if (argument === '--open-details') openDetails = true
    else if (argument === '--force') force = true
    else inputs.push(argument)
  }
  return { inputs: inputs.length > 0 ? inputs : DEFAULT_INPUTS, outDir, png, openDetails, force }
}

function main(): void {
  const cli = parseArguments(process.argv.slice(2))
  const inputs = cli.inputs.map(input => path.resolve(ROOT, input))
  const missing = inputs.filter(input => !existsSync(input))
  if (missing.length > 0) {
    console.error(`Missing input: ${missing.map(file => path.relative(ROOT, file)).join(', ')}`)
    console.error('The demo writes docs/examples/*.md (npm run demo); or pass markdown files as arguments.')
    process.exit(1)
  }
  const chromium = cli.png ? findChromium() : undefined
  const rendered = renderDocs(inputs, {
    outDir: path.resolve(ROOT, cli.outDir),
    chromium,
    openDetails: cli.openDetails,
    force: cli.force
  })
  for (const doc of rendered) {
    const outputs = [doc.html, doc.png].filter(Boolean).map(file => path.relative(ROOT, file as string))
    console.log(`${path.relative(ROOT, doc.input)} -> ${outputs.join(', ')}`)
  }
  if (cli.png && !chromium) {
    console.warn(
      `HTML written, no PNG taken and no screenshot check: Chromium was not found (skipped). ${INSTALL_HINT}`
    )
    return
  }
  const problems = rendered.flatMap(doc =>
    (doc.problems ?? []).map(problem => `${path.relative(ROOT, doc.input)}: ${problem}`)
  )
  if (problems.length > 0) {
    console.error('Screenshot check failed: the PNGs cut off content at the right edge or are malformed:')
    for (const problem of problems) console.error(`  ${problem}`)
    process.exit(1)
  }
  if (chromium)
    console.log(`Screenshot check: ${rendered.length} PNGs, nothing wider than the frame (${chromium})`)
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) main()
