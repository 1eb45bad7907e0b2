import { z } from '@hono/zod-openapi';

import { gbtsStages, nodeRoles } from '../../db/schema';
import { safeText } from './safe-text';

/** A message of a conversation node. */
export const messageText = safeText({ min: 1, max: 20_000 }).openapi({
  example: 'How do I recycle plastic?',
});

/** A conversation node as the API answers it. */
export const NodeSchema = z
  .object({
    id: z.uuid(),
    treeId: z.uuid(),
    parentId: z.uuid().nullable(),
    role: z.enum(nodeRoles),
    message: z.string(),
    stage: z.enum(gbtsStages),
    depth: z.number().int(),
    createdAt: z.iso.datetime(),
  })
  .openapi('Node');

/** One step of a path from the root. */
export const PathEntrySchema = z
  .object({ id: z.uuid(), stage: z.enum(gbtsStages), depth: z.number().int() })
  .openapi('PathEntry');

/** `POST /trees` body: the title and the seed (root) message. */
export const NewTreeSchema = z
  .strictObject({
    title: safeText({ min: 1, max: 200 }).openapi({ example: 'Plastic recycling' }),
    seed: z.strictObject({ role: z.enum(nodeRoles).default('user'), message: messageText }),
  })
  .openapi('NewTree');

/** `POST /trees` answer. */
export const CreatedTreeSchema = z
  .object({
    tree: z.object({
      id: z.uuid(),
      title: z.string(),
      ownerId: z.uuid().nullable(),
      rootNodeId: z.uuid(),
      createdAt: z.iso.datetime(),
    }),
    root: NodeSchema,
  })
  .openapi('CreatedTree');

/** `POST /nodes` body; `treeId`, when given, must be the parent's tree. */
export const NewNodeSchema = z
  .strictObject({
    treeId: z.uuid().optional(),
    parentId: z.uuid(),
    role: z.enum(nodeRoles),
    message: messageText,
    stage: z.enum(gbtsStages),
  })
  .openapi('NewNode');

/** `POST /nodes` answer: the node and the ids from the root down to it. */
export const CreatedNodeSchema = z
  .object({ node: NodeSchema, treePath: z.array(z.uuid()) })
  .openapi('CreatedNode');

/** `GET /nodes/{id}/path` answer. */
export const NodePathSchema = z
  .object({ treePath: z.array(z.uuid()), path: z.array(PathEntrySchema) })
  .openapi('NodePath');

/** `GET /nodes/{id}/subtree` query, with the depth capped by the configured maximum. */
export function subtreeQuerySchema(maxDepth: number) {
  return z.strictObject({
    depth: z.coerce.number().int().min(0).max(maxDepth).default(Math.min(10, maxDepth)),
    order: z.enum(['bfs', 'dfs']).default('bfs'),
    limit: z.coerce.number().int().min(1).max(10_000).default(100),
  });
}

/** `GET /nodes/{id}/subtree` answer. */
export const SubtreeSchema = z
  .object({ nodes: z.array(NodeSchema.omit({ treeId: true })) })
  .openapi('Subtree');

/** `GET /trees/{id}/visualization` answer. */
export const VisualizationSchema = z
  .object({
    nodes: z.array(
      z.object({
        id: z.uuid(),
        label: z.string(),
        stage: z.enum(gbtsStages),
        role: z.enum(nodeRoles),
      }),
    ),
    links: z.array(z.object({ source: z.uuid(), target: z.uuid() })),
  })
  .openapi('TreeVisualization');
