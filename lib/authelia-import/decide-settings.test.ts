import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestEnv, type TestEnv } from '../../test/support/test-env';
import { STORABLE_VARIABLES, type StorableVariable, type StoredVariables, type VariableSource } from '../config';
import { decideSettings } from './decide-settings';

let t: TestEnv;
beforeAll(() => {
  t = useTestEnv({ GATEHOUSE_URL: undefined, GATEHOUSE_COOKIE_DOMAIN: undefined, GATEHOUSE_SMTP_HOST: undefined });
});
afterAll(() => t.restore());

const SOURCES = Object.fromEntries(STORABLE_VARIABLES.map((v) => [v, 'default'])) as Record<StorableVariable, VariableSource>;
const setting = (variable: string, value: string) => ({ variable, value, secret: variable === 'GATEHOUSE_SMTP_PASSWORD' });
// Values each of these variables accepts, and one it refuses.
const VALID: Partial<Record<StorableVariable, [string, string]>> = {
  GATEHOUSE_SESSION_MAX_AGE: ['12h', '30d'],
  GATEHOUSE_SESSION_IDLE_TIMEOUT: ['2h', '45m'],
  GATEHOUSE_REGULATION_MAX_FAILURES: ['3', '5'],
  GATEHOUSE_TOTP_ISSUER: ['Family', 'Home Auth'],
};
const INVALID: Partial<Record<StorableVariable, string>> = { GATEHOUSE_SESSION_MAX_AGE: 'soon', GATEHOUSE_REGULATION_MAX_FAILURES: '-1' };

describe('what an import does with each setting (the dry run and apply both ask this)', () => {
  it('skips what the environment or the env file fixes, refuses what only the environment sets, and compares the rest', () => {
    const sources = { ...SOURCES, GATEHOUSE_SESSION_MAX_AGE: 'environment', GATEHOUSE_TOTP_ISSUER: 'file' } as const;
    const { decisions, changedNames, next } = decideSettings(
      [
        setting('GATEHOUSE_SESSION_MAX_AGE', '30d'),
        setting('GATEHOUSE_TOTP_ISSUER', 'Family'),
        setting('GATEHOUSE_DATABASE_URL', 'file:x.db'),
        setting('GATEHOUSE_SESSION_IDLE_TIMEOUT', '2h'),
        setting('GATEHOUSE_REGULATION_MAX_FAILURES', '4'),
      ],
      { GATEHOUSE_SESSION_IDLE_TIMEOUT: '2h', GATEHOUSE_REGULATION_MAX_FAILURES: '6' },
      sources,
    );
    expect(Object.fromEntries(decisions.map((d) => [d.variable, d.outcome]))).toEqual({
      GATEHOUSE_SESSION_MAX_AGE: 'skipped',
      GATEHOUSE_TOTP_ISSUER: 'skipped',
      GATEHOUSE_DATABASE_URL: 'refused',
      GATEHOUSE_SESSION_IDLE_TIMEOUT: 'unchanged',
      GATEHOUSE_REGULATION_MAX_FAILURES: 'updated',
    });
    expect(decisions.find((d) => d.variable === 'GATEHOUSE_TOTP_ISSUER')).toMatchObject({ reason: expect.stringMatching(/env file, which wins/) });
    expect(changedNames).toEqual(['GATEHOUSE_REGULATION_MAX_FAILURES']);
    expect(next).toEqual({ GATEHOUSE_SESSION_IDLE_TIMEOUT: '2h', GATEHOUSE_REGULATION_MAX_FAILURES: '4' });
  });

  it('refuses a set of changes that would make the configuration invalid, whole, and changes nothing', () => {
    const stored = { GATEHOUSE_TOTP_ISSUER: 'Old' };
    const { decisions, changedNames, next } = decideSettings(
      [setting('GATEHOUSE_TOTP_ISSUER', 'New'), setting('GATEHOUSE_SESSION_MAX_AGE', 'soon')],
      stored,
      SOURCES,
    );
    expect(decisions.map((d) => d.outcome)).toEqual(['refused', 'refused']);
    expect(decisions[1]).toMatchObject({ reason: expect.stringMatching(/GATEHOUSE_SESSION_MAX_AGE/) });
    expect(changedNames).toEqual([]);
    expect(next).toBe(stored);
  });

  it('for any settings, stored values and sources: one decision per setting, nothing fixed or environment-only is ever changed', () => {
    const names = Object.keys(VALID) as StorableVariable[];
    fc.assert(
      fc.property(
        fc
          .subarray(names, { minLength: 1 })
          .chain((picked) =>
            fc.tuple(
              fc.tuple(
                ...picked.map((name) => fc.constantFrom(...VALID[name]!, ...(INVALID[name] ? [INVALID[name]] : [])).map((value) => setting(name, value))),
              ),
              fc.record(
                Object.fromEntries(names.map((n) => [n, fc.option(fc.constantFrom(...VALID[n]!), { nil: undefined })])),
              ) as fc.Arbitrary<StoredVariables>,
              fc.record(Object.fromEntries(names.map((n) => [n, fc.constantFrom<VariableSource>('environment', 'file', 'stored', 'default')]))),
              fc.boolean(),
            ),
          ),
        ([settings, storedRaw, pickedSources, withEnvironmentOnly]) => {
          const stored = Object.fromEntries(Object.entries(storedRaw).filter(([, v]) => v !== undefined)) as StoredVariables;
          const sources = { ...SOURCES, ...pickedSources } as Record<StorableVariable, VariableSource>;
          const all = withEnvironmentOnly ? [...settings, setting('GATEHOUSE_DATA_DIR', '/tmp')] : settings;
          const { decisions, changedNames, next } = decideSettings(all, stored, sources);
          expect(decisions.map((d) => d.variable).sort()).toEqual(all.map((s) => s.variable).sort());
          for (const d of decisions) {
            const name = d.variable as StorableVariable;
            if (d.variable === 'GATEHOUSE_DATA_DIR') expect(d).toMatchObject({ outcome: 'refused', environmentOnly: true });
            else if (sources[name] === 'environment' || sources[name] === 'file') expect(d.outcome).toBe('skipped');
            if (d.outcome === 'created' || d.outcome === 'updated') expect(changedNames).toContain(name);
            else expect(changedNames).not.toContain(name);
          }
          for (const name of names) if (!changedNames.includes(name)) expect(next[name]).toBe(stored[name]);
          const invalidAsked = all.some(
            (s) => INVALID[s.variable as StorableVariable] === s.value && !['environment', 'file'].includes(sources[s.variable as StorableVariable]),
          );
          if (invalidAsked && all.some((s) => s.value !== stored[s.variable as StorableVariable])) expect(changedNames).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });
});
