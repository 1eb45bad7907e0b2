import { z } from '@hono/zod-openapi';

import { gbtsStages, nodeRoles } from '../../db/schema';
import { safeText } from './safe-text';
import { messageText, NodeSchema, PathEntrySchema, VisualizationSchema } from './trees';

const createTree = z.strictObject({
  action: z.literal('create_tree'),
  data: z.strictObject({
    title: safeText({ min: 1, max: 200 }),
    message: messageText,
    role: z.enum(nodeRoles).default('user'),
  }),
});

const createNode = z.strictObject({
  action: z.literal('create_node'),
  data: z.strictObject({
    tree_id: z.uuid().optional(),
    parent_id: z.uuid(),
    role: z.enum(nodeRoles),
    message: messageText,
    stage: z.enum(gbtsStages).default('branches_of_understanding'),
  }),
});

const traverse = z.strictObject({
  action: z.literal('traverse'),
  data: z.strictObject({
    node_id: z.uuid(),
    depth: z.number().int().min(0).max(10_000).default(10),
    order: z.enum(['bfs', 'dfs']).default('bfs'),
    limit: z.number().int().min(1).max(10_000).default(100),
  }),
});

const visualize = z.strictObject({
  action: z.literal('visualize'),
  data: z.strictObject({ tree_id: z.uuid() }),
});

const getPath = z.strictObject({
  action: z.literal('get_path'),
  data: z.strictObject({ node_id: z.uuid() }),
});

const getNode = z.strictObject({
  action: z.literal('get_node'),
  data: z.strictObject({ node_id: z.uuid() }),
});

/** `POST /gbts` body: the original design's action envelope. */
export const GbtsRequestSchema = z
  .discriminatedUnion('action', [createTree, createNode, traverse, visualize, getPath, getNode])
  .openapi('GbtsRequest');

export type GbtsRequest = z.infer<typeof GbtsRequestSchema>;

/** `POST /gbts` answer: `success` plus the action's fields. */
export const GbtsResponseSchema = z
  .object({
    success: z.literal(true),
    action: z.enum(['create_tree', 'create_node', 'traverse', 'visualize', 'get_path', 'get_node']),
    tree_id: z.uuid().optional(),
    node_id: z.uuid().optional(),
    tree_path: z.array(z.uuid()).optional(),
    path: z.array(PathEntrySchema).optional(),
    node: NodeSchema.optional(),
    nodes: z.array(z.unknown()).optional(),
    links: VisualizationSchema.shape.links.optional(),
  })
  .openapi('GbtsResponse');

export type GbtsResponse = z.infer<typeof GbtsResponseSchema>;
