import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { FormState } from '@/lib/actions/form-state';

const answers: boolean[] = [];
const asked: string[] = [];
vi.mock('../assurance/reproof-store', () => ({
  requestReproof: async (kind: string) => {
    asked.push(kind);
    return answers.shift() ?? false;
  },
}));
const { guarded } = await import('./use-guarded-action');

const refused: FormState = {
  status: 'error',
  message: 'For your safety, confirm it is you again to do this.',
  reauth: 'factor',
  values: { groups: 'family, admins' },
};
const saved: FormState = { status: 'success', message: 'Saved.' };

function action(results: FormState[]) {
  const calls: [FormState, FormData][] = [];
  const fn = async (previous: FormState, formData: FormData) => {
    calls.push([previous, formData]);
    return results.shift() ?? saved;
  };
  return { fn, calls };
}

describe('guarded form actions', () => {
  beforeEach(() => {
    answers.length = 0;
    asked.length = 0;
  });

  it('passes an answer that needs no proof straight through', async () => {
    const { fn, calls } = action([saved]);
    expect(await guarded(fn)({ status: 'idle' }, new FormData())).toBe(saved);
    expect(calls).toHaveLength(1);
    expect(asked).toEqual([]);
  });

  it('after a proof, sends the very same form data and previous state again', async () => {
    const { fn, calls } = action([refused, saved]);
    answers.push(true);
    const form = new FormData();
    form.set('groups', 'family, admins');
    const previous: FormState = { status: 'idle' };
    expect(await guarded(fn)(previous, form)).toBe(saved);
    expect(asked).toEqual(['factor']);
    expect(calls).toHaveLength(2);
    expect(calls[1]![0]).toBe(previous);
    expect(calls[1]![1]).toBe(form);
  });

  it('when the proof is cancelled, leaves the refusal (with what was typed) and sends nothing more', async () => {
    const { fn, calls } = action([refused]);
    answers.push(false);
    expect(await guarded(fn)({ status: 'idle' }, new FormData())).toBe(refused);
    expect(calls).toHaveLength(1);
  });

  it('gives up after two rounds of proofs that do not help', async () => {
    const { fn, calls } = action([refused, refused, refused, refused]);
    answers.push(true, true, true);
    expect(await guarded(fn)({ status: 'idle' }, new FormData())).toBe(refused);
    expect(calls).toHaveLength(3);
    expect(asked).toHaveLength(2);
  });
});
