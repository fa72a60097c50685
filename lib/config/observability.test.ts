import { describe, expect, it } from 'vitest';
import type { Secrets } from './secrets';
import { MIN_METRICS_TOKEN_LENGTH, parseEnv } from '.';

const fakeSecrets = (): Secrets => ({ encryptionKey: Buffer.alloc(32), signingKey: Buffer.alloc(32) });
const parse = (vars: Record<string, string>) => parseEnv(vars, { cwd: '/srv/gatehouse', secrets: fakeSecrets });
const TOKEN = 'a'.repeat(MIN_METRICS_TOKEN_LENGTH);

function env(vars: Record<string, string>) {
  const result = parse(vars);
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.env;
}

function problems(vars: Record<string, string>): string[] {
  const result = parse(vars);
  if (result.ok) throw new Error('expected problems');
  return result.problems;
}

describe('metrics and log format configuration', () => {
  it('is off, without a token, with text logs by default', () => {
    const parsed = env({});
    expect(parsed.metrics).toEqual({ enabled: false, token: null });
    expect(parsed.logFormat).toBe('text');
  });

  it('reads on/off, the token and json', () => {
    expect(env({ GATEHOUSE_METRICS: 'on' }).metrics).toEqual({ enabled: true, token: null });
    expect(env({ GATEHOUSE_METRICS: 'off' }).metrics.enabled).toBe(false);
    expect(env({ GATEHOUSE_METRICS: 'on', GATEHOUSE_METRICS_TOKEN: ` ${TOKEN} ` }).metrics).toEqual({ enabled: true, token: TOKEN });
    expect(env({ GATEHOUSE_LOG_FORMAT: 'json' }).logFormat).toBe('json');
  });

  it('refuses a token shorter than 32 characters without printing it', () => {
    const short = 'secret-but-short-1234567890';
    const found = problems({ GATEHOUSE_METRICS: 'on', GATEHOUSE_METRICS_TOKEN: short });
    expect(found).toEqual([expect.stringContaining('GATEHOUSE_METRICS_TOKEN must be at least 32 characters long')]);
    expect(found.join('\n')).not.toContain(short);
    expect(env({ GATEHOUSE_METRICS_TOKEN: 'b'.repeat(32) }).metrics.token).toBe('b'.repeat(32));
  });

  it('refuses a token with spaces or control characters, a bad switch and an unknown format, all at once', () => {
    const found = problems({ GATEHOUSE_METRICS: 'maybe', GATEHOUSE_METRICS_TOKEN: `${TOKEN} ${TOKEN}`, GATEHOUSE_LOG_FORMAT: 'xml' });
    expect(found).toEqual([
      'GATEHOUSE_METRICS must be true or false',
      'GATEHOUSE_METRICS_TOKEN may contain only printable ASCII characters, no spaces',
      'GATEHOUSE_LOG_FORMAT must be text or json',
    ]);
  });
});
