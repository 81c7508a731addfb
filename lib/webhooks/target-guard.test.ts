import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, isPrivateAddress } from './target-guard';

describe('isPrivateAddress', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:a9fe:a9fe', '::7f00:1', '::127.0.0.1', '::a9fe:a9fe', '2002:7f00:1::1', '2001:0:4136:e378::1', 'not-an-ip'])(
    'refuses %s',
    (address) => expect(isPrivateAddress(address)).toBe(true),
  );
  it.each(['93.184.216.34', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('allows %s', (address) => expect(isPrivateAddress(address)).toBe(false));
});

describe('checkWebhookUrl', () => {
  const strict = { allowPrivate: false };
  it('allows public http(s) URLs', () => {
    expect(checkWebhookUrl('https://example.com/hooks', strict)).toBeNull();
    expect(checkWebhookUrl('http://93.184.216.34:8080/x', strict)).toBeNull();
  });
  it('refuses other schemes, credentials and private literals', () => {
    expect(checkWebhookUrl('ftp://example.com', strict)).toMatch(/http/);
    expect(checkWebhookUrl('file:///etc/passwd', strict)).toMatch(/http/);
    expect(checkWebhookUrl('https://user:pw@example.com', strict)).toMatch(/credentials/);
    expect(checkWebhookUrl('http://localhost:3000', strict)).toMatch(/Private/);
    expect(checkWebhookUrl('http://127.0.0.1:3000', strict)).toMatch(/Private/);
    expect(checkWebhookUrl('http://[::1]:3000', strict)).toMatch(/Private/);
    // The security test's [::127.0.0.1], which URL parsing writes as [::7f00:1].
    expect(new URL('http://[::127.0.0.1]/').hostname).toBe('[::7f00:1]');
    expect(checkWebhookUrl('http://[::127.0.0.1]:3000/hook', strict)).toMatch(/Private/);
    expect(checkWebhookUrl('nonsense', strict)).toMatch(/not valid/);
  });
  it('allows loopback when private targets are allowed (demo mode, tests)', () => {
    expect(checkWebhookUrl('http://127.0.0.1:3000', { allowPrivate: true })).toBeNull();
    expect(checkWebhookUrl('file:///etc/passwd', { allowPrivate: true })).toMatch(/http/);
  });
});
