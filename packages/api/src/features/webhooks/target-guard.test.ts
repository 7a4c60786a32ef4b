import { describe, expect, it } from 'vitest';
import { publicTargetProblem, webhookTargetProblem } from './target-guard.ts';

const problem = (url: string) => publicTargetProblem(new URL(url));

describe('webhook targets outside development', () => {
  it.each([
    'https://127.0.0.1/hook',
    'https://127.1.2.3:8443/hook',
    'https://2130706433/hook',
    'https://0x7f.0.0.1/hook',
    'https://10.0.0.5/',
    'https://172.16.0.1/',
    'https://172.31.255.255/',
    'https://192.168.1.1/',
    'https://169.254.169.254/latest/meta-data',
    'https://100.64.0.1/',
    'https://0.0.0.0/',
    'https://[::1]/',
    'https://[::]/',
    'https://[::ffff:127.0.0.1]/',
    'https://[::ffff:10.0.0.1]/',
    'https://[fd00::1]/',
    'https://[fe80::1]/',
    'https://[64:ff9b::a00:1]/',
    'https://[2002:7f00:1::]/', // 6to4 wrapping 127.0.0.1
    'https://[2002:a00:1::1]/', // 6to4 wrapping 10.0.0.1
    'https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/', // Teredo
    'https://[2001::1]/', // Teredo
    'https://[fec0::1]/', // site-local
    'https://[feff::1]/', // site-local, top of the block
    'https://[100::1]/', // discard-only
    'https://localhost/',
    'https://LOCALHOST./',
    'https://api.localhost/',
    'https://printer.local/',
    'https://metadata.google.internal/',
    'https://intranet/',
    'http://hooks.example.com/',
  ])('refuses %s', (url) => {
    expect(problem(url)).not.toBeNull();
  });

  it.each([
    'https://hooks.example.com/booksprintz',
    'https://8.8.8.8/hook',
    'https://172.32.0.1/',
    'https://[2606:4700:4700::1111]/',
    'https://[::ffff:8.8.8.8]/',
  ])('allows %s', (url) => {
    expect(problem(url)).toBeNull();
  });

  it('allows loopback in development only', () => {
    expect(
      webhookTargetProblem('http://127.0.0.1:9999/x', { ENVIRONMENT: 'development' }),
    ).toBeNull();
    expect(
      webhookTargetProblem('http://127.0.0.1:9999/x', { ENVIRONMENT: 'production' }),
    ).not.toBeNull();
    expect(
      webhookTargetProblem('ftp://example.com/', { ENVIRONMENT: 'development' }),
    ).not.toBeNull();
  });
});
