import { describe, expect, it } from 'vitest';

import type { PathEntry } from '../../db/tree-queries';
import { PathCache } from './path-cache';

const owner = { treeId: 'tree-1', ownerId: 'user-1' };

function pathOf(...ids: string[]): PathEntry[] {
  return ids.map((id, depth) => ({ id, stage: 'seed_of_inquiry', depth }));
}

describe('PathCache', () => {
  it('serves the path of every node of a stored path, root first, with the owner', () => {
    const cache = new PathCache();
    cache.set(owner, pathOf('root', 'a', 'b'));

    expect(cache.get('b')).toEqual({ owner, path: pathOf('root', 'a', 'b') });
    expect(cache.get('a')).toEqual({ owner, path: pathOf('root', 'a') });
    expect(cache.get('elsewhere')).toBeUndefined();
  });

  it('builds a longer path from a shorter one stored earlier', () => {
    const cache = new PathCache();
    cache.set(owner, pathOf('root', 'a'));
    cache.set(owner, pathOf('root', 'a', 'c'));

    expect(cache.get('c')?.path.map((entry) => entry.id)).toEqual(['root', 'a', 'c']);
  });

  it('keeps at most maxNodes nodes and misses a path whose ancestor was dropped', () => {
    const cache = new PathCache(3);
    cache.set(owner, pathOf('root', 'a', 'b'));
    cache.set({ treeId: 'tree-2', ownerId: null }, pathOf('other'));

    expect(cache.size).toBe(3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('other')?.owner).toEqual({ treeId: 'tree-2', ownerId: null });
  });
});
