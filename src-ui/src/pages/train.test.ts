import { describe, expect, it } from 'vitest';
import { spec } from './train';

describe('training spec from the form', () => {
  it('leaves blanks to the server’s defaults and sends numbers as numbers', () => {
    expect(spec({ name: ' A-48 ', classes: 'AB', width: '48', iterations: '', seed: '7' })).toEqual(
      {
        name: 'A-48',
        classes: 'AB',
        width: 48,
        seed: 7,
      },
    );
  });

  it('sends what is not a number as typed, for the server to name', () => {
    expect(spec({ name: '12', classes: 'A', width: 'wide' })).toEqual({
      name: '12',
      classes: 'A',
      width: 'wide',
    });
  });
});
