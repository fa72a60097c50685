import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { checkTotp, DEFAULT_TOTP_PARAMS, type TotpParams, totpParamsOf, totpStep } from './totp';

const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBV';
const NOW = Date.UTC(2026, 11, 3, 12, 0, 7);

/** The code Debian's oathtool (an independent RFC 6238 implementation) computes at `ms`. */
function oathtool(params: TotpParams, ms: number): string {
  const result = spawnSync(
    'oathtool',
    [
      `--totp=${params.algorithm.toLowerCase()}`,
      `--digits=${params.digits}`,
      `--time-step-size=${params.period}`,
      '--base32',
      SECRET,
      '--now',
      new Date(ms)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ' UTC'),
    ],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`oathtool failed: ${result.stderr}`);
  return result.stdout.trim();
}

const COMBINATIONS: TotpParams[] = [
  { algorithm: 'SHA1', digits: 6, period: 30 },
  { algorithm: 'SHA256', digits: 6, period: 30 },
  { algorithm: 'SHA512', digits: 6, period: 30 },
  { algorithm: 'SHA1', digits: 8, period: 30 },
  { algorithm: 'SHA256', digits: 8, period: 60 },
  { algorithm: 'SHA512', digits: 8, period: 60 },
  { algorithm: 'SHA1', digits: 6, period: 60 },
];

describe('TOTP factors imported with other parameters', () => {
  it.each(COMBINATIONS)('accepts the code oathtool computes for $algorithm, $digits digits, $period s', (params) => {
    const code = oathtool(params, NOW);
    expect(code).toHaveLength(params.digits);
    const check = checkTotp({ secret: SECRET, code, nowMs: NOW, lastUsedStep: null, params });
    expect(check).toEqual({ ok: true, step: totpStep(NOW, params.period) });
    // One step of clock skew either way, counted in the factor's own period.
    expect(checkTotp({ secret: SECRET, code: oathtool(params, NOW - params.period * 1000), nowMs: NOW, lastUsedStep: null, params }).ok).toBe(true);
    expect(checkTotp({ secret: SECRET, code: oathtool(params, NOW + params.period * 1000), nowMs: NOW, lastUsedStep: null, params }).ok).toBe(true);
    expect(checkTotp({ secret: SECRET, code: oathtool(params, NOW - 3 * params.period * 1000), nowMs: NOW, lastUsedStep: null, params }).ok).toBe(false);
    // The same code is not accepted twice.
    expect(checkTotp({ secret: SECRET, code, nowMs: NOW, lastUsedStep: totpStep(NOW, params.period), params })).toEqual({ ok: false, reason: 'replayed' });
  });

  it.each(COMBINATIONS.filter((p) => p.algorithm !== 'SHA1' || p.digits !== 6 || p.period !== 30))(
    'a $algorithm/$digits/$period code is not accepted under the defaults, nor a default code under those parameters',
    (params) => {
      expect(checkTotp({ secret: SECRET, code: oathtool(params, NOW), nowMs: NOW, lastUsedStep: null }).ok).toBe(false);
      expect(checkTotp({ secret: SECRET, code: oathtool(DEFAULT_TOTP_PARAMS, NOW), nowMs: NOW, lastUsedStep: null, params }).ok).toBe(false);
    },
  );

  it('refuses a code of the wrong length as malformed', () => {
    const params: TotpParams = { algorithm: 'SHA1', digits: 8, period: 30 };
    expect(checkTotp({ secret: SECRET, code: '123456', nowMs: NOW, lastUsedStep: null, params })).toEqual({ ok: false, reason: 'malformed' });
    expect(checkTotp({ secret: SECRET, code: '12345678', nowMs: NOW, lastUsedStep: null })).toEqual({ ok: false, reason: 'malformed' });
  });

  it('reads a factor: null columns are the enrolment defaults; values it cannot verify make it accept nothing', () => {
    expect(totpParamsOf({ totpAlgorithm: null, totpDigits: null, totpPeriod: null })).toEqual({ algorithm: 'SHA1', digits: 6, period: 30 });
    expect(totpParamsOf({})).toEqual(DEFAULT_TOTP_PARAMS);
    expect(totpParamsOf({ totpAlgorithm: 'SHA512', totpDigits: 8, totpPeriod: 60 })).toEqual({ algorithm: 'SHA512', digits: 8, period: 60 });
    expect(totpParamsOf({ totpAlgorithm: 'MD5' })).toBeNull();
    expect(totpParamsOf({ totpDigits: 7 })).toBeNull();
    expect(totpParamsOf({ totpPeriod: 0 })).toBeNull();
    expect(totpParamsOf({ totpPeriod: 86_400 })).toBeNull();
  });
});
