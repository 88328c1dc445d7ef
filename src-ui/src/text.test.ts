import { describe, expect, it } from 'vitest';
import { errorMessage, toText } from './text';

describe('toText', () => {
  it('is String() for strings, numbers, booleans, nullish values and arrays', () => {
    expect(toText('cfg')).toBe('cfg');
    expect(toText(2.5)).toBe('2.5');
    expect(toText(true)).toBe('true');
    expect(toText(null)).toBe('null');
    expect(toText(undefined)).toBe('undefined');
    expect(toText([1.5, 2])).toBe('1.5,2');
  });

  it('shows a plain object as JSON, not [object Object]', () => {
    expect(toText({ method: 'cfg', weight: 2 })).toBe('{"method":"cfg","weight":2}');
  });
});

describe('errorMessage', () => {
  it('is an error’s message, or the rejected value as text', () => {
    expect(errorMessage(new TypeError('Failed to fetch'))).toBe('Failed to fetch');
    expect(errorMessage('refused')).toBe('refused');
  });
});
