import type { PathEntry } from '../../db/tree-queries';
import type { TreeOwner } from './tree-access';

/** A node as the cache keeps it: where it hangs, never its message. */
interface CachedNode extends PathEntry {
  parentId: string | null;
  treeId: string;
}

/** A path found in the cache: the node's tree and its owner, and the path root first. */
export interface CachedPath {
  owner: TreeOwner;
  path: PathEntry[];
}

/**
 * Remembers where nodes hang and who owns their trees, so that a node's path from the root is
 * served without a query. Sound because the API never moves, edits or deletes a node, nor
 * changes a tree's owner: what was read once stays true. Bounded: past `maxNodes` nodes (default
 * 100,000, about 20 MB) the least recently read go first; a path with an evicted ancestor is
 * simply read from the database again.
 */
export class PathCache {
  private readonly nodes = new Map<string, CachedNode>();
  /** Tree id to owner id (null: shared), one per tree seen; bounded like the nodes. */
  private readonly owners = new Map<string, string | null>();

  constructor(private readonly maxNodes = 100_000) {}

  /** The path of `nodeId` with its tree's owner, or undefined when any part is not cached. */
  get(nodeId: string): CachedPath | undefined {
    const node = this.nodes.get(nodeId);
    const ownerId = node === undefined ? undefined : this.owners.get(node.treeId);
    if (node === undefined || ownerId === undefined) {
      return undefined;
    }
    const path: PathEntry[] = [];
    for (let current: CachedNode | undefined = node; current !== undefined;) {
      path.push({ id: current.id, stage: current.stage, depth: current.depth });
      if (current.parentId === null) {
        this.touch(node);
        return { owner: { treeId: node.treeId, ownerId }, path: path.reverse() };
      }
      current = this.nodes.get(current.parentId);
    }
    return undefined;
  }

  /** Stores a path read from the database (root first), and its tree's owner. */
  set(owner: TreeOwner, path: readonly PathEntry[]): void {
    this.owners.set(owner.treeId, owner.ownerId);
    path.forEach((entry, index) => {
      const parentId = index === 0 ? null : (path[index - 1]?.id ?? null);
      this.touch({ ...entry, parentId, treeId: owner.treeId });
    });
    evictOldest(this.nodes, this.maxNodes);
    evictOldest(this.owners, this.maxNodes);
  }

  /** Nodes held now. */
  get size(): number {
    return this.nodes.size;
  }

  private touch(node: CachedNode): void {
    this.nodes.delete(node.id);
    this.nodes.set(node.id, node);
  }
}

/** Drops the entries inserted (or touched) longest ago until `map` holds at most `max`. */
function evictOldest(map: Map<string, unknown>, max: number): void {
  for (const key of map.keys()) {
    if (map.size <= max) {
      return;
    }
    map.delete(key);
  }
}
