import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createClientCache, type ClientMetadata } from './client-cache';

const metadata = (id: string, version = 1): ClientMetadata => ({ client_id: id, version });

/** A loader that counts its calls and answers from `rows` (undefined: no such client). */
function loader(rows: Map<string, ClientMetadata>) {
  const calls: string[] = [];
  const load = async (id: string) => {
    calls.push(id);
    return rows.get(id);
  };
  return { load, calls };
}

describe('the client metadata cache', () => {
  it('answers from memory until the client is invalidated, then reads it again', async () => {
    const rows = new Map([['a', metadata('a')]]);
    const { load, calls } = loader(rows);
    const cache = createClientCache();
    expect(await cache.get('a', load)).toEqual(metadata('a'));
    expect(await cache.get('a', load)).toEqual(metadata('a'));
    expect(calls).toEqual(['a']);
    rows.set('a', metadata('a', 2));
    cache.invalidate(['a']);
    expect(await cache.get('a', load)).toEqual(metadata('a', 2));
    cache.invalidate();
    rows.delete('a');
    expect(await cache.get('a', load)).toBeUndefined();
    expect(calls).toEqual(['a', 'a', 'a']);
  });

  it('keeps no unknown client and hands out copies', async () => {
    const rows = new Map([['a', metadata('a')]]);
    const { load, calls } = loader(rows);
    const cache = createClientCache();
    expect(await cache.get('missing', load)).toBeUndefined();
    expect(await cache.get('missing', load)).toBeUndefined();
    expect(calls).toEqual(['missing', 'missing']);
    const first = await cache.get('a', load);
    if (first) first.client_id = 'changed by a caller';
    expect(await cache.get('a', load)).toEqual(metadata('a'));
  });

  it('forgets an entry older than its lifetime', async () => {
    let clock = 0;
    const { load, calls } = loader(new Map([['a', metadata('a')]]));
    const cache = createClientCache({ ttlMs: 1_000, now: () => clock });
    await cache.get('a', load);
    clock = 999;
    await cache.get('a', load);
    clock = 1_000;
    await cache.get('a', load);
    expect(calls).toEqual(['a', 'a']);
  });

  it('does not keep what a load read before a change that happened while it ran', async () => {
    const cache = createClientCache();
    let finish!: (value: ClientMetadata | undefined) => void;
    const inFlight = cache.get('a', () => new Promise((resolve) => (finish = resolve)));
    // The client is deleted (its change published) while the read of its old row is under way.
    cache.invalidate(['a']);
    finish(metadata('a'));
    expect(await inFlight).toEqual(metadata('a'));
    expect(cache.size).toBe(0);
    expect(await cache.get('a', async () => undefined)).toBeUndefined();
  });

  it('never holds more than its bound, evicts the least recently used, and never answers an invalidated client from memory', () => {
    const ids = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f');
    const step = fc.oneof(
      fc.record({ get: ids }),
      fc.record({ invalidate: fc.option(fc.array(ids, { maxLength: 3 }), { nil: undefined }) }),
      fc.record({ change: ids }),
    );
    return fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.array(step, { maxLength: 60 }), async (max, steps) => {
        const rows = new Map<string, ClientMetadata>();
        let version = 0;
        const cache = createClientCache({ max });
        const load = async (id: string) => (rows.has(id) ? rows.get(id) : undefined);
        for (const s of steps) {
          if ('get' in s) {
            // Whatever was cached, the answer is the row as it is now: every change below is published.
            expect(await cache.get(s.get, load)).toEqual(rows.get(s.get));
          } else if ('change' in s) {
            if (version % 3 === 0) rows.delete(s.change);
            else rows.set(s.change, metadata(s.change, version));
            version++;
            cache.invalidate([s.change]);
          } else {
            cache.invalidate(s.invalidate);
          }
          expect(cache.size).toBeLessThanOrEqual(max);
        }
      }),
    );
  });

  it('evicts the least recently used entry first', async () => {
    const { load, calls } = loader(new Map(['a', 'b', 'c'].map((id) => [id, metadata(id)])));
    const cache = createClientCache({ max: 2 });
    await cache.get('a', load);
    await cache.get('b', load);
    await cache.get('a', load);
    await cache.get('c', load);
    expect(cache.size).toBe(2);
    calls.length = 0;
    await cache.get('a', load);
    await cache.get('b', load);
    expect(calls).toEqual(['b']);
  });
});
