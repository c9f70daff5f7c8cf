import { outboundAllowErrors, OutboundPolicy } from './outbound-policy.helper';

describe('outbound policy', () => {
  const policy = (allow: string[], onlyListed = true) => new OutboundPolicy({ allow, onlyListed });

  it('refuses loopback, link-local, private and mapped addresses unless an entry lists them', () => {
    const open = policy([], false);
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
    ])
      expect({ address, allowed: open.decide('gw.example.gov.cn', address).allowed }).toEqual({
        address,
        allowed: false,
      });
    expect(open.decide('gw.example.gov.cn', '203.0.113.10').allowed).toBe(true);
    const listed = policy(['10.8.0.0/16', '127.0.0.1'], false);
    expect(listed.decide('x', '10.8.4.4').allowed).toBe(true);
    expect(listed.decide('x', '10.9.4.4').allowed).toBe(false);
    expect(listed.decide('x', '::ffff:127.0.0.1').allowed).toBe(true);
  });

  it('with only-listed, needs a name, wildcard or network entry; a wildcard does not license private addresses', () => {
    const p = policy(['sms-gw.intra', '*.example.gov.cn', '203.0.113.0/24']);
    expect(p.decide('sms-gw.intra', '10.0.0.5').allowed).toBe(true);
    expect(p.decide('a.example.gov.cn', '198.51.100.1').allowed).toBe(true);
    expect(p.decide('example.gov.cn', '198.51.100.1').allowed).toBe(false);
    expect(p.decide('a.example.gov.cn', '10.0.0.5').allowed).toBe(false);
    expect(p.decide('other.cn', '203.0.113.7').allowed).toBe(true);
    expect(p.decide('other.cn', '198.51.100.1').allowed).toBe(false);
  });

  it('checks every address a name resolves to, in the lookup of the connection', async () => {
    await expect(policy([]).resolve('localhost')).rejects.toMatchObject({ code: 'EDESTINATION' });
    await expect(policy(['localhost']).resolve('localhost')).resolves.toMatch(/^(127\.0\.0\.1|::1)$/);
    await expect(policy([]).resolve('[::1]')).rejects.toMatchObject({ code: 'EDESTINATION' });
  });

  it('names each bad entry for the boot check', () => {
    expect(
      outboundAllowErrors(['10.0.0.0/8', 'gw.example.gov.cn', '*.gov.cn', '::1', '10.0.0.0/33', 'a b', '*.cn']),
    ).toEqual([
      '"10.0.0.0/33" is not a network: the prefix must be 0-32',
      '"a b" is neither a host name, an IP address nor a network (10.8.0.0/16)',
      '"*.cn" is not a wildcard host: write *.example.gov.cn',
    ]);
  });
});
