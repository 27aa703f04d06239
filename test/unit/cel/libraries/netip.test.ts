// Go net/netip as a pure module: parse errors (the text upstream's ip() embeds), RFC 5952 canonical
// IPv6 text, address classes and prefix arithmetic.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as netip from '../../../../src/cel/libraries/netip.js';

test('canonical text of parsed addresses', () => {
  const cases: readonly [string, string][] = [
    ['192.168.0.1', '192.168.0.1'],
    ['2001:0db8:0000:0000:0000:0000:0000:0068', '2001:db8::68'],
    ['2001:DB8::68', '2001:db8::68'],
    ['1:0:0:1:0:0:0:1', '1:0:0:1::1'],
    ['0:0:1:0:0:1:0:0', '::1:0:0:1:0:0'],
    ['1:0:1:0:1:0:1:0', '1:0:1:0:1:0:1:0'],
    ['::', '::'],
    ['1::', '1::'],
    ['::1.2.3.4', '::102:304'],
    ['::ffff:1.2.3.4', '::ffff:1.2.3.4'],
    ['64:ff9b::1.2.3.4', '64:ff9b::102:304'],
    ['fe80::1%eth0', 'fe80::1%eth0'],
  ];
  for (const [input, want] of cases) assert.equal(netip.addrString(netip.parseAddr(input)), want, input);
});

test('parse errors carry Go text', () => {
  const cases: readonly [string, string][] = [
    ['', 'ParseAddr(""): unable to parse IP'],
    ['1.2.3', 'ParseAddr("1.2.3"): IPv4 address too short'],
    ['1.2.3.4.5', 'ParseAddr("1.2.3.4.5"): IPv4 address too long'],
    ['1.2.3.256', 'ParseAddr("1.2.3.256"): IPv4 field has value >255'],
    ['01.2.3.4', 'ParseAddr("01.2.3.4"): IPv4 field has octet with leading zero'],
    ['1..2.3', 'ParseAddr("1..2.3"): IPv4 field must have at least one digit (at ".2.3")'],
    ['1:2:3:4:5:6:7:8:9', 'ParseAddr("1:2:3:4:5:6:7:8:9"): trailing garbage after address (at "9")'],
    ['1::2::3', 'ParseAddr("1::2::3"): multiple :: in address (at ":3")'],
    ['12345::1', 'ParseAddr("12345::1"): each group must have 4 or less digits (at "12345::1")'],
    ['1:2', 'ParseAddr("1:2"): address string too short'],
    ['%eth0', 'ParseAddr("%eth0"): missing IPv6 address'],
    ['fe80::1%', 'ParseAddr("fe80::1%"): zone must be a non-empty string'],
    ['1:2:3:4:5:1.2.3.4', 'ParseAddr("1:2:3:4:5:1.2.3.4"): embedded IPv4 address must replace the final 2 fields of the address (at "1.2.3.4")'],
  ];
  for (const [input, message] of cases) assert.throws(() => netip.parseAddr(input), { message }, input);
});

test('address classes', () => {
  const is = (f: (a: netip.Addr) => boolean, s: string): boolean => f(netip.parseAddr(s));
  assert.ok(is(netip.isLoopback, '127.1.2.3') && is(netip.isLoopback, '::1') && !is(netip.isLoopback, '::2'));
  assert.ok(is(netip.isLoopback, '::ffff:127.0.0.1'));
  assert.ok(is(netip.isUnspecified, '0.0.0.0') && is(netip.isUnspecified, '::') && !is(netip.isUnspecified, '::ffff:0.0.0.0'));
  assert.ok(is(netip.isLinkLocalUnicast, '169.254.0.1') && is(netip.isLinkLocalUnicast, 'febf::1') && !is(netip.isLinkLocalUnicast, 'fec0::1'));
  assert.ok(is(netip.isLinkLocalMulticast, '224.0.0.251') && !is(netip.isLinkLocalMulticast, '224.0.1.1') && is(netip.isLinkLocalMulticast, 'ff12::1'));
  assert.ok(is(netip.isGlobalUnicast, '8.8.8.8') && is(netip.isGlobalUnicast, '10.0.0.1') && is(netip.isGlobalUnicast, '2001:db8::1'));
  assert.ok(!is(netip.isGlobalUnicast, '255.255.255.255') && !is(netip.isGlobalUnicast, 'ff00::1') && !is(netip.isGlobalUnicast, '::'));
});

test('prefixes: parse, mask, contain, overlap', () => {
  const p = netip.parsePrefix('192.168.1.77/20');
  assert.equal(netip.prefixString(p), '192.168.1.77/20');
  assert.equal(netip.prefixString(netip.masked(p)), '192.168.0.0/20');
  assert.equal(netip.prefixString(netip.masked(netip.parsePrefix('2001:db8:1234::1/33'))), '2001:db8::/33');
  assert.ok(netip.prefixContains(p, netip.parseAddr('192.168.15.255')));
  assert.ok(!netip.prefixContains(p, netip.parseAddr('192.168.16.0')));
  assert.ok(!netip.prefixContains(p, netip.parseAddr('::1')));
  assert.ok(netip.prefixContains(netip.parsePrefix('0.0.0.0/0'), netip.parseAddr('1.2.3.4')));
  assert.ok(netip.prefixOverlaps(netip.parsePrefix('10.0.0.0/8'), netip.parsePrefix('10.1.0.0/16')));
  assert.ok(!netip.prefixOverlaps(netip.parsePrefix('10.0.0.0/8'), netip.parsePrefix('11.0.0.0/8')));
  const errors: readonly [string, string][] = [
    ['1.2.3.4', `netip.ParsePrefix("1.2.3.4"): no '/'`],
    ['1.2.3.4/33', 'netip.ParsePrefix("1.2.3.4/33"): prefix length out of range'],
    ['1.2.3.4/024', 'netip.ParsePrefix("1.2.3.4/024"): bad bits after slash: "024"'],
    ['1.2.3.4/', 'netip.ParsePrefix("1.2.3.4/"): bad bits after slash: ""'],
    ['fe80::1%eth0/64', 'netip.ParsePrefix("fe80::1%eth0/64"): IPv6 zones cannot be present in a prefix'],
    ['x/8', 'netip.ParsePrefix("x/8"): ParseAddr("x"): unable to parse IP'],
  ];
  for (const [input, message] of errors) assert.throws(() => netip.parsePrefix(input), { message }, input);
});
