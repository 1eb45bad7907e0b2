import { z } from '@hono/zod-openapi';

import { isSafeJson } from './safe-text';

/** A workflow id of a sync run: `sync-...`, letters, digits and `._:-` only. */
export const WorkflowIdParamsSchema = z.strictObject({
  id: z
    .string()
    .regex(/^sync-[A-Za-z0-9._:-]{1,200}$/, 'must be the workflow id of a sync run')
    .openapi({
      param: { name: 'id', in: 'path' },
      example: 'sync-agents-both-20260101T000000Z-abc123',
    }),
});

/** `POST /syncs` body. */
export const StartSyncSchema = z
  .strictObject({
    direction: z.enum(['push', 'pull', 'both']),
    conflictResolution: z.enum(['latest_wins', 'manual']).optional(),
    dryRun: z.boolean().optional(),
  })
  .openapi('StartSync');

/** `POST /syncs` answer. */
export const StartedSyncSchema = z
  .object({ workflowId: z.string(), runId: z.string(), uiUrl: z.url() })
  .openapi('StartedSync');

/** One sync run: Temporal's view plus the audit row, when written. */
export const SyncRunSchema = z
  .object({
    workflowId: z.string(),
    runId: z.string(),
    type: z.string(),
    status: z.string(),
    startTime: z.iso.datetime(),
    closeTime: z.iso.datetime().nullable(),
    uiUrl: z.url(),
    audit: z.record(z.string(), z.unknown()).nullable(),
  })
  .openapi('SyncRun');

/** `GET /syncs/{id}` answer: the run, its live progress and, once done, its result. */
export const SyncRunDetailSchema = SyncRunSchema.extend({
  progress: z.record(z.string(), z.unknown()).nullable(),
  result: z.unknown(),
}).openapi('SyncRunDetail');

/** `GET /syncs` query. */
export const SyncListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** `GET /conflicts` query. */
export const ConflictListQuerySchema = z.strictObject({
  status: z.enum(['open', 'resolved']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** A conflict with base, local and remote values per field. */
export const ConflictSchema = z
  .object({
    id: z.uuid(),
    mapping: z.string(),
    localId: z.uuid(),
    notionPageId: z.string(),
    fields: z.record(
      z.string(),
      z.object({ base: z.unknown(), local: z.unknown(), remote: z.unknown() }),
    ),
    status: z.enum(['open', 'resolved']),
    resolution: z.record(z.string(), z.unknown()).nullable(),
    resolvedBy: z.string().nullable(),
    resolvedAt: z.iso.datetime().nullable(),
    workflowId: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .openapi('Conflict');

/** `POST /conflicts/{id}/resolve` body: keep one side, or give merged values per field. */
export const ResolveConflictSchema = z
  .strictObject({
    choice: z.enum(['local', 'remote', 'merged']),
    values: z
      .record(z.string(), z.unknown())
      .refine(isSafeJson, { message: 'must not contain NUL characters or lone surrogates' })
      .optional(),
  })
  .openapi('ResolveConflict');

/** `POST /conflicts/{id}/resolve` answer: the Update's outcome. */
export const ConflictOutcomeSchema = z
  .object({
    conflictId: z.uuid(),
    status: z.literal('resolved'),
    values: z.record(z.string(), z.unknown()),
  })
  .openapi('ConflictOutcome');

/** A schedule id path parameter. */
export const ScheduleIdParamsSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,100}$/, 'must be a schedule id')
    .openapi({ param: { name: 'id', in: 'path' }, example: 'sync-agents' }),
});

/** The sync schedule as the API shows it. */
export const ScheduleSchema = z
  .object({
    id: z.string(),
    isPaused: z.boolean(),
    note: z.string().nullable(),
    intervalSeconds: z.number().nullable(),
    nextActionTimes: z.array(z.iso.datetime()),
    recentActions: z.array(z.object({ scheduledAt: z.iso.datetime(), workflowId: z.string() })),
    numActionsTaken: z.number().int(),
  })
  .openapi('Schedule');

/** `POST /schedules/{id}/pause` and `/unpause` body. */
export const ScheduleNoteSchema = z
  .strictObject({
    note: z
      .string()
      .max(500)
      .refine((note) => isSafeJson(note), 'must be plain text')
      .optional(),
  })
  .openapi('ScheduleNote');

/** `PATCH /schedules/{id}` body. */
export const SchedulePatchSchema = z
  .strictObject({
    intervalSeconds: z
      .number()
      .int()
      .min(60)
      .max(7 * 24 * 3600),
  })
  .openapi('SchedulePatch');
