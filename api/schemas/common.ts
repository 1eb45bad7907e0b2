import { z } from '@hono/zod-openapi';

/** The JSON error body of every failed request. */
export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'validation_failed' }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

/** A uuid path parameter named `id`. */
export const IdParamsSchema = z.strictObject({
  id: z.uuid().openapi({
    param: { name: 'id', in: 'path' },
    example: '0b6c1f9e-8d7a-4c55-9a51-2f3e7d1c4b20',
  }),
});

const errorContent = { 'application/json': { schema: ErrorSchema } };

/** The error responses every authenticated route may answer with, for the OpenAPI document. */
export const errorResponses = {
  400: { description: 'Malformed or invalid input', content: errorContent },
  401: { description: 'Missing or invalid access token', content: errorContent },
  403: { description: 'The role may not do this', content: errorContent },
  404: { description: 'Not found', content: errorContent },
  413: { description: 'Body over the size limit', content: errorContent },
  422: { description: 'Well-formed but impossible request', content: errorContent },
} as const;

/** A JSON request body for the OpenAPI route config; always required. */
export function jsonBody<T extends z.ZodType>(schema: T, description?: string) {
  return {
    required: true,
    description,
    content: { 'application/json': { schema } },
  };
}

/** A JSON success response for the OpenAPI route config. */
export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

/** The bearer-token security requirement of authenticated routes. */
export const bearerSecurity = [{ bearerAuth: [] }];
