/**
 * How deep objects and arrays nest in a JSON text, found without parsing: the parsers and walkers after it
 * recurse, and a 400,000-deep `[[[[…` would end in "Maximum call stack size exceeded" instead of an error that
 * names the file. Strings are skipped whole, so brackets inside them do not count.
 */

/** A real task definition nests about 6 deep (containerDefinitions[0].logConfiguration.options…). */
export const MAX_JSON_DEPTH = 64

/** The deepest nesting in `text`, stopping as soon as it passes `limit`. */
export function jsonDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0
  let deepest = 0
  for (let at = 0; at < text.length; at++) {
    const character = text[at]
    if (character === '"') {
      at++
      while (at < text.length && text[at] !== '"') at += text[at] === '\\' ? 2 : 1
    } else if (character === '{' || character === '[') {
      depth++
      if (depth > deepest) deepest = depth
      if (deepest > limit) return deepest
    } else if (character === '}' || character === ']') {
      depth--
    }
  }
  return deepest
}
