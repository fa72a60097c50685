import { describe, expect, it } from 'vitest';
import { CHECK_FIELDS_MESSAGE, placeErrors } from './form-state';

describe('placeErrors: where a refused form says what is wrong', () => {
  it('puts an error beside its shown field and points at it from the banner, without repeating it there', () => {
    expect(placeErrors({ message: 'That username is taken.', fieldErrors: { username: 'That username is taken.' } }, new Set(['username', 'email']))).toEqual({
      message: CHECK_FIELDS_MESSAGE,
      fieldErrors: { username: 'That username is taken.' },
    });
  });

  it('says an error whose field the form does not show once, in the banner, and never "highlighted" when nothing is', () => {
    expect(placeErrors({ message: CHECK_FIELDS_MESSAGE, fieldErrors: { form: 'Pick at least one group.' } }, new Set(['name']))).toEqual({
      message: 'Pick at least one group.',
    });
    expect(placeErrors({ message: 'Already lifted.', fieldErrors: { id: 'Already lifted.' } }, new Set())).toEqual({ message: 'Already lifted.' });
  });

  it('keeps both kinds apart when a form has some of each', () => {
    expect(placeErrors({ message: CHECK_FIELDS_MESSAGE, fieldErrors: { name: 'Too short.', hidden: 'Unknown kind.' } }, new Set(['name']))).toEqual({
      message: `${CHECK_FIELDS_MESSAGE} Unknown kind.`,
      fieldErrors: { name: 'Too short.' },
    });
  });

  it('keeps a message of its own that is no field error', () => {
    expect(placeErrors({ message: 'Nothing was saved.', fieldErrors: { name: 'Too short.' } }, new Set(['name']))).toEqual({
      message: `${CHECK_FIELDS_MESSAGE} Nothing was saved.`,
      fieldErrors: { name: 'Too short.' },
    });
    expect(placeErrors({ message: 'Nothing was saved.' }, new Set(['name']))).toEqual({ message: 'Nothing was saved.' });
  });
});
