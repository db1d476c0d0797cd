import { describe, expect, it } from 'vitest';
import { isAcceptedHost, parseHost } from './host-check';

describe('parseHost', () => {
  it.each([
    ['Sluice.Example.com', { name: 'sluice.example.com' }],
    ['sluice.example.com.:8443', { name: 'sluice.example.com', port: 8443 }],
    ['[::1]:3000', { name: '[::1]', port: 3000 }],
    ['127.0.0.1', { name: '127.0.0.1' }],
  ])('%s', (header, expected) => {
    expect(parseHost(header)).toEqual(expected);
  });

  it.each(['', 'a:b:c', 'host:99999', '[::1', 'host:'])('refuses %j', (header) => {
    expect(parseHost(header)).toBeUndefined();
  });
});

describe('isAcceptedHost', () => {
  const none = { trustedHosts: [] };
  const configured = { publicUrl: 'https://sluice.example.com', trustedHosts: ['sluice.lan', 'intranet.example:8080'] };

  it.each([
    // [Host header, policy, accepted?]
    ['127.0.0.1:3000', none, true],
    ['localhost:3000', none, true],
    ['LOCALHOST:3000', none, true],
    ['[::1]:3000', none, true],
    ['192.168.1.20:3000', none, true],
    ['127.0.0.1:8080', none, true],
    ['localhost', none, true],
    ['attacker.example:3000', none, false],
    ['localhost.attacker.example:3000', none, false],
    ['127.0.0.1.attacker.example:3000', none, false],
    ['7f000001.attacker.example', none, false],
    ['sluice.example.com', configured, true],
    ['Sluice.Example.COM', configured, true],
    ['sluice.example.com:3000', configured, false],
    ['sluice.example.com.attacker.example', configured, false],
    ['sluice.lan', configured, true],
    ['sluice.lan:3000', configured, true],
    ['intranet.example:8080', configured, true],
    ['intranet.example', configured, false],
    ['localhost:3000', configured, true],
  ] as const)('%s (%o): %s', (header, policy, accepted) => {
    expect(isAcceptedHost(header, policy)).toBe(accepted);
  });

  it('refuses a request without Host, and one whose Host is not a host', () => {
    expect(isAcceptedHost(undefined, none)).toBe(false);
    expect(isAcceptedHost('a b', none)).toBe(false);
  });

  it('accepts a public URL with a port only on that port', () => {
    const policy = { publicUrl: 'http://sluice.example.com:8080/', trustedHosts: [] };
    expect(isAcceptedHost('sluice.example.com:8080', policy)).toBe(true);
    expect(isAcceptedHost('sluice.example.com', policy)).toBe(false);
  });
});
