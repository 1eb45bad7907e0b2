import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
};

/** The agents of Eco-Bot; `version` is bumped on every write, `deleted_at` marks a soft delete. */
export const agents = pgTable(
  'agents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    role: text('role').notNull(),
    status: text('status').notNull().default('active'),
    capabilities: jsonb('capabilities').$type<string[]>().notNull().default([]),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    ...timestamps,
    version: integer('version').notNull().default(1),
    deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [
    index('agents_updated_at_idx').on(table.updatedAt, table.id),
    index('agents_role_idx').on(table.role),
  ],
);

export const nodeRoles = ['user', 'assistant', 'agent', 'system'] as const;
export const gbtsStages = [
  'seed_of_inquiry',
  'branches_of_understanding',
  'leaves_of_application',
  'roots_of_connection',
  'forest_of_exploration',
  'canopy_of_synthesis',
  'harvest_of_wisdom',
] as const;

export const nodeRoleEnum = pgEnum('node_role', nodeRoles);
export const gbtsStageEnum = pgEnum('gbts_stage', gbtsStages);

/** A GBTS conversation tree; its root node is the seed of inquiry. */
export const conversationTrees = pgTable('conversation_trees', {
  id: uuid('id').primaryKey().defaultRandom(),
  title: text('title').notNull(),
  ownerId: uuid('owner_id'),
  rootNodeId: uuid('root_node_id'),
  ...timestamps,
});

/** A node of a tree: adjacency list with `tree_id` and `depth` for path and subtree queries. */
export const conversationNodes = pgTable(
  'conversation_nodes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    treeId: uuid('tree_id')
      .notNull()
      .references(() => conversationTrees.id, { onDelete: 'cascade' }),
    parentId: uuid('parent_id'),
    role: nodeRoleEnum('role').notNull(),
    message: text('message').notNull(),
    stage: gbtsStageEnum('stage').notNull(),
    depth: integer('depth').notNull().default(0),
    createdAt: timestamps.createdAt,
  },
  (table) => [
    // Deleting a node removes its subtree; a parent must exist before its children.
    foreignKey({ columns: [table.parentId], foreignColumns: [table.id] }).onDelete('cascade'),
    index('conversation_nodes_parent_idx').on(table.parentId),
    index('conversation_nodes_tree_depth_idx').on(table.treeId, table.depth),
  ],
);

/** One row per synced record: the base snapshot both sides agreed on at the last sync. */
export const syncLinks = pgTable(
  'sync_links',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    mapping: text('mapping').notNull(),
    localId: uuid('local_id').notNull(),
    notionPageId: text('notion_page_id').notNull(),
    base: jsonb('base').$type<Record<string, unknown>>().notNull(),
    baseHash: text('base_hash').notNull(),
    localVersion: integer('local_version').notNull(),
    remoteEditedAt: timestamp('remote_edited_at', { withTimezone: true, mode: 'date' }).notNull(),
    isTrashed: boolean('is_trashed').notNull().default(false),
    ...timestamps,
  },
  (table) => [
    uniqueIndex('sync_links_page_uq').on(table.notionPageId),
    uniqueIndex('sync_links_local_uq').on(table.mapping, table.localId),
  ],
);

export const conflictStatuses = ['open', 'resolved'] as const;

/** A field-level conflict waiting for, or resolved by, a person. */
export const syncConflicts = pgTable(
  'sync_conflicts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    mapping: text('mapping').notNull(),
    localId: uuid('local_id').notNull(),
    notionPageId: text('notion_page_id').notNull(),
    fields: jsonb('fields')
      .$type<Record<string, { base: unknown; local: unknown; remote: unknown }>>()
      .notNull(),
    status: text('status', { enum: conflictStatuses }).notNull().default('open'),
    resolution: jsonb('resolution').$type<Record<string, unknown>>(),
    resolvedBy: text('resolved_by'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true, mode: 'date' }),
    workflowId: text('workflow_id'),
    runWorkflowId: text('run_workflow_id'),
    createdAt: timestamps.createdAt,
  },
  (table) => [
    index('sync_conflicts_status_idx').on(table.status, table.createdAt),
    uniqueIndex('sync_conflicts_open_uq')
      .on(table.mapping, table.localId)
      .where(sql`status = 'open'`),
  ],
);

/** The audit row of one sync run. */
export const syncRuns = pgTable(
  'sync_runs',
  {
    workflowId: text('workflow_id').notNull(),
    runId: text('run_id').notNull(),
    mapping: text('mapping').notNull(),
    direction: text('direction').notNull(),
    policy: text('policy').notNull(),
    isDryRun: boolean('is_dry_run').notNull().default(false),
    status: text('status').notNull(),
    success: integer('success').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    conflicts: integer('conflicts').notNull().default(0),
    requests: integer('requests').notNull().default(0),
    errors: jsonb('errors').$type<{ localId?: string; pageId?: string; message: string }[]>(),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [
    primaryKey({ columns: [table.workflowId, table.runId] }),
    index('sync_runs_started_idx').on(table.startedAt),
  ],
);

/** Per mapping, how far each side has been read. */
export const syncState = pgTable('sync_state', {
  mapping: text('mapping').primaryKey(),
  localWatermark: timestamp('local_watermark', { withTimezone: true, mode: 'date' }),
  remoteWatermark: timestamp('remote_watermark', { withTimezone: true, mode: 'date' }),
  updatedAt: timestamps.updatedAt,
});

export const userRoles = ['admin', 'operator', 'viewer'] as const;

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  email: text('email').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  role: text('role', { enum: userRoles }).notNull(),
  ...timestamps,
});

/** Refresh tokens are stored hashed; a reused one revokes its whole family. */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    familyId: uuid('family_id').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true, mode: 'date' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamps.createdAt,
  },
  (table) => [index('refresh_tokens_family_idx').on(table.familyId)],
);

/** Every event the service emits, in order; NOTIFY carries the id across processes. */
export const eventLog = pgTable(
  'event_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    type: text('type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamps.createdAt,
  },
  (table) => [index('event_log_type_created_idx').on(table.type, table.createdAt)],
);

/** Counters per event type and minute, read by the windowed aggregates. */
export const metrics = pgTable(
  'metrics',
  {
    name: text('name').notNull(),
    bucket: timestamp('bucket', { withTimezone: true, mode: 'date' }).notNull(),
    count: bigint('count', { mode: 'number' }).notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.name, table.bucket] })],
);
