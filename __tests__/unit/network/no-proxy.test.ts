import { describe, expect, it } from '@jest/globals'
import { bypassesProxy, parseNoProxy } from '../../../src/network/no-proxy.js'

/** [NO_PROXY, target host as in a URL, effective port, goes direct?] */
const CASES: [string, string, number, boolean][] = [
  // Empty: everything through the proxy, loopback included (no implicit entries).
  ['', 'api.github.com', 443, false],
  ['', '127.0.0.1', 80, false],
  ['', 'localhost', 80, false],
  ['', '[::1]', 80, false],
  // `*` alone means no proxy at all; as part of a name it means nothing special.
  ['*', 'anything.example', 443, true],
  ['example.com, *', '10.1.2.3', 80, true],
  // Host names: exact, subdomains, never a mere string suffix.
  ['example.com', 'example.com', 443, true],
  ['example.com', 'api.example.com', 443, true],
  ['example.com', 'a.b.example.com', 443, true],
  ['example.com', 'badexample.com', 443, false],
  ['example.com', 'example.com.evil.test', 443, false],
  ['example.com', 'com', 443, false],
  // A leading dot or `*.` is the same entry.
  ['.example.com', 'api.example.com', 443, true],
  ['.example.com', 'example.com', 443, true],
  ['*.example.com', 'api.example.com', 443, true],
  ['*.example.com', 'example.com', 443, true],
  // Case-insensitive both ways; a trailing dot (FQDN) is ignored.
  ['EXAMPLE.com', 'Api.Example.COM', 443, true],
  ['example.com.', 'api.example.com', 443, true],
  ['example.com', 'api.example.com.', 443, true],
  // Commas, spaces, tabs and newlines separate entries; empty entries are skipped.
  ['a.test,b.test', 'b.test', 443, true],
  ['a.test b.test', 'b.test', 443, true],
  [' a.test ,\n\tb.test ,, ', 'b.test', 443, true],
  ['a.test,b.test', 'c.test', 443, false],
  // host:port matches only that port; the port is the effective one.
  ['registry.test:5000', 'registry.test', 5000, true],
  ['registry.test:5000', 'registry.test', 443, false],
  ['registry.test:443', 'registry.test', 443, true],
  ['registry.test:443', 'mirror.registry.test', 443, true],
  ['registry.test:80', 'registry.test', 443, false],
  // IPv4 literals and ranges.
  ['10.1.2.3', '10.1.2.3', 80, true],
  ['10.1.2.3', '10.1.2.4', 80, false],
  ['10.0.0.0/8', '10.200.3.4', 443, true],
  ['10.0.0.0/8', '11.0.0.1', 443, false],
  ['169.254.169.254/32', '169.254.169.254', 80, true],
  ['192.168.0.0/16', '192.169.0.1', 80, false],
  ['0.0.0.0/0', '8.8.8.8', 80, true],
  ['127.0.0.1', '127.0.0.1', 8080, true],
  ['127.0.0.1:8080', '127.0.0.1', 8080, true],
  ['127.0.0.1:8080', '127.0.0.1', 9090, false],
  ['127.0.0.0/8', '127.0.0.2', 80, true],
  // A range never matches a host name (names are not resolved), nor a name an address.
  ['10.0.0.0/8', 'internal.test', 443, false],
  ['localhost', '127.0.0.1', 80, false],
  ['localhost', 'localhost', 80, true],
  // IPv6: bare, bracketed, with a port, ranges; the target with or without brackets.
  ['::1', '[::1]', 80, true],
  ['[::1]', '[::1]', 80, true],
  ['[::1]', '::1', 80, true],
  ['[::1]:8080', '[::1]', 8080, true],
  ['[::1]:8080', '[::1]', 80, false],
  ['fd00::/8', '[fd12:3456::1]', 443, true],
  ['fd00::/8', '[fe80::1]', 443, false],
  ['[fd00::/8]', '[fd00::1]', 443, true],
  ['2001:DB8::1', '[2001:db8:0:0::1]', 443, true],
  // An IPv4-mapped IPv6 address is the IPv4 address it maps.
  ['10.0.0.0/8', '[::ffff:a00:1]', 443, true],
  // Entries that fit no rule match nothing and do not spoil the others.
  ['10.0.0.0/33', '10.0.0.1', 80, false],
  ['10.0.0.0/x', '10.0.0.1', 80, false],
  ['http://example.com', 'example.com', 80, false],
  ['example.com:99999', 'example.com', 443, false],
  ['exa mple.com', 'mple.com', 443, true],
  ['10.0.0.0/33,example.com', 'example.com', 443, true]
]

describe('NO_PROXY', () => {
  it.each(CASES)('NO_PROXY=%j: %s port %d goes direct: %s', (noProxy, host, port, direct) => {
    expect(bypassesProxy(parseNoProxy(noProxy), host, port)).toBe(direct)
  })

  it('reads nothing for an unset variable', () => {
    expect(parseNoProxy(undefined)).toEqual({ all: false, entries: [] })
  })
})
