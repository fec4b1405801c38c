/**
 * Open WebUI listens on `PORT` (default 8080): uvicorn takes it as an integer, so `PORT=http` or `PORT=65536`
 * never starts, and ECS would only show a task that keeps stopping.
 */
export function portProblem(value: string): string | undefined {
  if (!/^\d{1,5}$/.test(value.trim())) return 'is not a port number: expected a whole number from 1 to 65535'
  const port = Number(value.trim())
  if (port < 1 || port > 65535) return `is ${port}: expected a port number from 1 to 65535`
  return undefined
}
