import { z } from '@hono/zod-openapi';

import { isSafeJson, safeText } from './safe-text';

const maxMetadataBytes = 64 * 1024;

const name = safeText({ min: 1, max: 200 }).openapi({ example: 'Recycling expert' });
const role = safeText({ min: 1, max: 100 }).openapi({ example: 'recycling_expert' });
const status = safeText({ min: 1, max: 50 }).openapi({ example: 'active' });
const capabilities = z
  .array(safeText({ min: 1, max: 100 }))
  .max(100)
  .openapi({ example: ['recycling', 'composting'] });
const metadata = z
  .record(z.string(), z.unknown())
  .refine(isSafeJson, { message: 'must not contain NUL characters or lone surrogates' })
  .refine((value) => JSON.stringify(value).length <= maxMetadataBytes, {
    message: `must serialise to at most ${maxMetadataBytes} characters`,
  })
  .openapi({ example: { region: 'EU' } });

/** An agent as the API answers it. */
export const AgentSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    role: z.string(),
    status: z.string(),
    capabilities: z.array(z.string()),
    metadata: z.record(z.string(), z.unknown()),
    version: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    deletedAt: z.iso.datetime().nullable(),
  })
  .openapi('Agent');

/** `POST /agents` body. */
export const NewAgentSchema = z
  .strictObject({
    name,
    role,
    status: status.optional(),
    capabilities: capabilities.optional(),
    metadata: metadata.optional(),
  })
  .openapi('NewAgent');

const agentChanges = {
  name: name.optional(),
  role: role.optional(),
  status: status.optional(),
  capabilities: capabilities.optional(),
  metadata: metadata.optional(),
};

function hasChange(value: Record<string, unknown>): boolean {
  return Object.keys(agentChanges).some((key) => value[key] !== undefined);
}

/** Fields of an agent that a change may set; at least one. */
export const AgentChangesSchema = z
  .strictObject(agentChanges)
  .refine(hasChange, { message: 'must change at least one field' })
  .openapi('AgentChanges');

/** `PATCH /agents/{id}` body; `version`, when given, must match the stored one. */
export const AgentPatchSchema = z
  .strictObject({ ...agentChanges, version: z.number().int().min(1).optional() })
  .refine(hasChange, { message: 'must change at least one field' })
  .openapi('AgentPatch');

/** Largest batch accepted by the batch routes. */
export const maxBatchSize = 1000;

/** `POST /agents/batch` body. */
export const AgentBatchInsertSchema = z
  .strictObject({ agents: z.array(NewAgentSchema).min(1).max(maxBatchSize) })
  .openapi('AgentBatchInsert');

const AgentBatchChangeSchema = z
  .strictObject({ id: z.uuid(), ...agentChanges })
  .refine(hasChange, { message: 'must change at least one field' });

/** `PATCH /agents/batch` body: changes keyed by `id`, each id at most once. */
export const AgentBatchUpdateSchema = z
  .strictObject({ agents: z.array(AgentBatchChangeSchema).min(1).max(maxBatchSize) })
  .refine((body) => new Set(body.agents.map((agent) => agent.id)).size === body.agents.length, {
    message: 'each id may appear once',
    path: ['agents'],
  })
  .openapi('AgentBatchUpdate');

/** `GET /agents` query. */
export const AgentListQuerySchema = z.strictObject({
  role: safeText({ min: 1, max: 100 }).optional(),
  status: safeText({ min: 1, max: 50 }).optional(),
  q: safeText({ min: 1, max: 200 }).optional().openapi({ description: 'Name contains, any case' }),
  cursor: z
    .string()
    .max(200)
    .optional()
    .openapi({ description: 'The `nextCursor` of the previous page' }),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  includeDeleted: z.enum(['true', 'false']).optional(),
});

/** `GET /agents` answer. */
export const AgentPageSchema = z
  .object({ agents: z.array(AgentSchema), nextCursor: z.string().nullable() })
  .openapi('AgentPage');

export type AgentDto = z.infer<typeof AgentSchema>;
export type NewAgent = z.infer<typeof NewAgentSchema>;
export type AgentChanges = Omit<z.infer<typeof AgentBatchChangeSchema>, 'id'>;
export type AgentListQuery = z.infer<typeof AgentListQuerySchema>;
