/**
 * The stdout choke point. The runner reads the job's stdout line by line (a line ends at `\n`, `\r\n` or a bare
 * `\r`) and obeys two command forms: a line that starts with `::` after leading white space
 * (`::add-mask::`, `::stop-commands::`, `::error ...::`), and the legacy `##[command]` anywhere in a line
 * (actions/runner `ActionCommand.TryParseV2` / `TryParse`, tried one after the other by
 * `ActionCommandManager.TryProcessCommand`). Both matches are culture-sensitive string comparisons, which skip
 * zero-width and other ignorable characters.
 *
 * So every line the action prints passes through `stdoutLines`: ignorable characters and control characters
 * (ANSI escapes included) are dropped, a line that would start a command gets a visible `| ` in front, and a
 * legacy `##[` becomes `## [`. The action never prints a command through the log (commands go through
 * @actions/core, which escapes their data), so this changes only text from outside. Lines stay readable: no
 * `::stop-commands::` block, which would depend on a token nobody may see before the text is printed.
 */

/** Line ends as the runner and a browser see them. */
const LINE_BREAK = /\r\n|\r|\n|\u0085|\u2028|\u2029/

/** Invisible to a reader and to the runner's culture-sensitive matching; tabs stay. */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]|\p{Default_Ignorable_Code_Point}/gu

const COMMAND_START = /^\s*::/
const LEGACY_COMMAND = /##\[/g

/** Shown in front of a line from outside that would otherwise start a workflow command. */
export const INERT_PREFIX = '| '

/** One physical line made inert: it cannot start or carry a workflow command. */
function inertLine(line: string): string {
  const visible = line.replace(INVISIBLE, '').replace(LEGACY_COMMAND, '## [')
  return COMMAND_START.test(visible) ? `${INERT_PREFIX}${visible}` : visible
}

/**
 * The message or title of an annotation: @actions/core escapes `%`, CR and LF onto the command's one line (and
 * `:` and `,` in properties), so the runner reads it as our command; invisible characters and the legacy `##[`
 * are dropped or broken as on any other line, so the text stays inert wherever the runner shows it again.
 */
export function annotationText(text: string): string {
  // NEL is a C1 control (INVISIBLE drops it); U+2028 and U+2029 are not, and the annotation view breaks lines
  // there: dropped too.
  return text
    .replace(INVISIBLE, '')
    .replace(/[\u2028\u2029]/g, '')
    .replace(LEGACY_COMMAND, '## [')
}

/** An annotation's title: as `annotationText`, on one line. */
export function annotationTitle(text: string): string {
  return annotationText(text.replace(/\s*(?:\r\n|\r|\n|\u0085|\u2028|\u2029)\s*/g, ' '))
}

/** Text from outside as the physical lines the runner would read, each one inert. */
export function untrustedLines(text: string): string[] {
  return text.split(LINE_BREAK).map(inertLine)
}

/** What `log.info(message)` writes: one inert line per physical line of the message. */
export function stdoutLines(message: string): string[] {
  return untrustedLines(message)
}

/**
 * Text from outside after a lead the action wrote (`  migrator | `, `  event 12:00:01: `): every physical line
 * of the text gets `continuation` in front (the lead itself unless told), so a reader sees where each came from.
 */
export function quoteUntrusted(lead: string, text: string, continuation: string = lead): string {
  return untrustedLines(text)
    .map((line, index) => `${index === 0 ? lead : continuation}${line}`)
    .join('\n')
}

/** The indent of `lead` followed by `| `: continuation lines of a message that quotes text from outside. */
export function continuationOf(lead: string): string {
  return `${/^\s*/.exec(lead)![0]}  | `
}
