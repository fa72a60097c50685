import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ConfigLayers, mergeLayers, sourcesOf, STORABLE_VARIABLES, type StorableVariable } from './layers';
import { parseEnv } from './parse-env';
import type { Secrets } from './secrets';

const secrets = (): Secrets => ({ encryptionKey: Buffer.alloc(32, 1), signingKey: Buffer.alloc(32, 2) });

type Presence = { environment?: string; file?: string; stored?: string };

/** For every storable variable, a value (or none) in each layer; values name their layer so a mix-up shows. */
const layersArb = fc.record(
  Object.fromEntries(
    STORABLE_VARIABLES.map((name) => [
      name,
      fc.record({
        environment: fc.option(fc.constant(`env-${name}`), { nil: undefined }),
        file: fc.option(fc.constant(`file-${name}`), { nil: undefined }),
        stored: fc.option(fc.constant(`stored-${name}`), { nil: undefined }),
      }),
    ]),
  ) as Record<StorableVariable, fc.Arbitrary<Presence>>,
);

function split(presence: Record<StorableVariable, Presence>) {
  const environment: Record<string, string> = {};
  const file: Record<string, string> = {};
  const stored: Record<string, string> = {};
  for (const [name, p] of Object.entries(presence)) {
    if (p.environment !== undefined) environment[name] = p.environment;
    if (p.file !== undefined) file[name] = p.file;
    if (p.stored !== undefined) stored[name] = p.stored;
  }
  return { environment, file, stored };
}

describe('configuration layers', () => {
  it('for every storable variable: the environment over the file over the stored value over the default', () => {
    fc.assert(
      fc.property(layersArb, (presence) => {
        const layers = split(presence);
        const merged = mergeLayers(layers);
        const sources = sourcesOf(layers);
        for (const name of STORABLE_VARIABLES) {
          const p = presence[name];
          expect(merged[name]).toBe(p.environment ?? p.file ?? p.stored);
          expect(sources[name]).toBe(
            p.environment !== undefined ? 'environment' : p.file !== undefined ? 'file' : p.stored !== undefined ? 'stored' : 'default',
          );
        }
      }),
    );
  });

  it('ignores stored values for variables that may not be stored, and stored blanks', () => {
    const merged = mergeLayers({
      environment: {},
      file: {},
      stored: { GATEHOUSE_DATA_DIR: '/tmp/elsewhere', GATEHOUSE_ENCRYPTION_KEY: 'x', DATABASE_URL: 'postgresql://evil/db', GATEHOUSE_URL: '  ' } as Record<
        string,
        string
      >,
    });
    expect(merged).toEqual({});
  });

  it('a variable set blank in the environment still wins over the file and the stored value (as before stored values existed)', () => {
    const layers = {
      environment: { GATEHOUSE_SMTP_HOST: '' },
      file: { GATEHOUSE_SMTP_HOST: 'file.example' },
      stored: { GATEHOUSE_SMTP_HOST: 'stored.example' },
    };
    expect(mergeLayers(layers).GATEHOUSE_SMTP_HOST).toBe('');
    expect(sourcesOf(layers).GATEHOUSE_SMTP_HOST).toBe('environment');
  });

  it('one validation for every layer: the sender address parsed is the one of the winning layer, and a bad stored one is refused like a bad variable', () => {
    const address = (layer: string) => `Gatehouse <${layer}@example.com>`;
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), fc.boolean(), (inEnv, inFile, inStored) => {
        const layers: ConfigLayers = {
          environment: { NODE_ENV: 'test', ...(inEnv ? { GATEHOUSE_MAIL_FROM: address('env') } : {}) },
          file: inFile ? { GATEHOUSE_MAIL_FROM: address('file') } : {},
          stored: inStored ? { GATEHOUSE_MAIL_FROM: address('stored') } : {},
        };
        const result = parseEnv(mergeLayers(layers), { cwd: '/tmp', secrets });
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        const expected = inEnv ? address('env') : inFile ? address('file') : inStored ? address('stored') : 'Gatehouse <gatehouse@localhost>';
        expect(result.env.mailFrom).toBe(expected);
      }),
    );
    const bad = parseEnv(mergeLayers({ environment: { NODE_ENV: 'test' }, file: {}, stored: { GATEHOUSE_URL: 'http://auth.example.com' } }), {
      cwd: '/tmp',
      secrets,
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems.join(' ')).toContain('GATEHOUSE_URL must use https://');
  });
});
