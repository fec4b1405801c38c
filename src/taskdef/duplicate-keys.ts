/**
 * JSON.parse keeps the last of two equal keys, so `{"family": "open-webui", ..., "family": "other"}` would
 * deploy `other` while a reviewer reads `open-webui`. The file is refused instead. This walks text that
 * JSON.parse already accepted, so it only tracks where object keys are: a stack of the keys seen in each open
 * object, strings skipped as a whole.
 */

/** The first key given twice in one object, with the path to that object (`containerDefinitions[0]`), or undefined. */
export function firstDuplicateKey(text: string): { key: string; path: string } | undefined {
  type Frame = { keys: Set<string> | undefined; path: string; index: number; key?: string }
  const stack: Frame[] = []
  let expectKey = false
  const pathOf = (frame: Frame | undefined): string => frame?.path ?? ''
  const childPath = (): string => {
    const parent = stack.at(-1)
    if (!parent) return ''
    if (parent.keys) return parent.path ? `${parent.path}.${parent.key}` : (parent.key ?? '')
    return `${parent.path}[${parent.index}]`
  }
  for (let at = 0; at < text.length; at++) {
    const character = text[at]
    if (character === '"') {
      let end = at + 1
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1
      const top = stack.at(-1)
      if (expectKey && top?.keys) {
        const key = JSON.parse(text.slice(at, end + 1)) as string
        if (top.keys.has(key)) return { key, path: pathOf(top) }
        top.keys.add(key)
        top.key = key
        expectKey = false
      }
      at = end
    } else if (character === '{') {
      stack.push({ keys: new Set(), path: childPath(), index: 0 })
      expectKey = true
    } else if (character === '[') {
      stack.push({ keys: undefined, path: childPath(), index: 0 })
    } else if (character === '}' || character === ']') {
      stack.pop()
      expectKey = false
    } else if (character === ',') {
      const top = stack.at(-1)
      if (top?.keys) expectKey = true
      else if (top) top.index++
    }
  }
  return undefined
}
