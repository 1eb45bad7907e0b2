import { sql, type SQL } from 'drizzle-orm';

const nodeColumns = sql.raw(
  'id, parent_id, tree_id, role, stage, message, depth, ' +
    '(extract(epoch from created_at) * 1000)::float8 as created_ms',
);

/**
 * From `nodeId` up to the root, root first. The `depth` guard makes every step strictly
 * shallower, so the walk ends even on damaged data; each step is one primary-key lookup.
 */
export function pathToRootSql(nodeId: string): SQL {
  return sql`with recursive up as (
      select id, parent_id, stage, depth from conversation_nodes where id = ${nodeId}::uuid
      union all
      select n.id, n.parent_id, n.stage, n.depth
      from conversation_nodes n join up on n.id = up.parent_id
      where n.depth < up.depth
    )
    select id, stage, depth from up order by depth`;
}

/**
 * The first `limit` nodes under `nodeId` in breadth-first order. A recursive CTE emits its rows
 * level by level, and the inner LIMIT stops the walk once it has enough, so the cost follows the
 * limit, not the size of the subtree.
 */
export function subtreeBfsSql(nodeId: string, maxDepth: number, limit: number): SQL {
  return sql`with recursive sub as (${subtreeWalk(nodeId, maxDepth)})
    select * from (select * from sub limit ${limit}::int) s
    order by depth, created_ms, id`;
}

/**
 * The first `limit` nodes under `nodeId` in depth-first pre-order, siblings oldest first. Each
 * node carries the bytes of its path (creation time and id per level, big-endian, so byte order
 * is walk order); sorting by the path needs the subtree down to `maxDepth` before the limit.
 */
export function subtreeDfsSql(nodeId: string, maxDepth: number, limit: number): SQL {
  return sql`with recursive sub as (${subtreeWalk(nodeId, maxDepth, true)})
    select id, parent_id, tree_id, role, stage, message, depth, created_ms
    from sub order by walk_key limit ${limit}::int`;
}

/** Every node of a tree, shallowest first, with the first 80 characters of its message. */
export function treeNodesSql(treeId: string, limit: number): SQL {
  return sql`select id, parent_id, role, stage, left(message, 81) as label
    from conversation_nodes where tree_id = ${treeId}::uuid
    order by depth, created_at, id limit ${limit}::int`;
}

function subtreeWalk(nodeId: string, maxDepth: number, hasWalkKey = false): SQL {
  const rootKey = hasWalkKey ? sql`, ''::bytea as walk_key` : sql``;
  const childKey = hasWalkKey
    ? sql`, sub.walk_key || int8send((extract(epoch from n.created_at) * 1000000)::int8)
        || uuid_send(n.id)`
    : sql``;
  return sql`select ${nodeColumns}, 0 as level ${rootKey}
    from conversation_nodes where id = ${nodeId}::uuid
    union all
    select n.id, n.parent_id, n.tree_id, n.role, n.stage, n.message, n.depth,
      (extract(epoch from n.created_at) * 1000)::float8, sub.level + 1 ${childKey}
    from conversation_nodes n join sub on n.parent_id = sub.id
    where sub.level < ${maxDepth}::int`;
}
