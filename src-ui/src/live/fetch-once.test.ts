import { describe, expect, it } from 'vitest';
import { FetchOnce } from './fetch-once';

describe('FetchOnce', () => {
  it('loads a ready point once and asks again after a failed load', async () => {
    const asked: string[] = [];
    let stored = false;
    let settled = 0;
    const cache = new FetchOnce<string>(
      (id) => {
        asked.push(id);
        return stored ? Promise.resolve(`value of ${id}`) : Promise.reject(new Error('404'));
      },
      () => settled++,
    );
    expect(cache.get('p', false)).toBeNull();
    expect(asked).toEqual([]);

    expect(cache.get('p', true)).toBeNull(); // fails: not stored yet
    expect(cache.get('p', true)).toBeNull(); // still loading: not asked twice
    await new Promise((r) => setTimeout(r, 0));
    expect(asked).toEqual(['p']);
    expect(settled).toBe(1);

    stored = true;
    expect(cache.get('p', true)).toBeNull(); // asked again
    await new Promise((r) => setTimeout(r, 0));
    expect(cache.get('p', true)).toBe('value of p');
    expect(asked).toEqual(['p', 'p']);
  });
});
