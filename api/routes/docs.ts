import { swaggerUI } from '@hono/swagger-ui';

import type { ApiApp } from '../app-env';

/** Registers the OpenAPI 3.1 document at `/openapi.json` and Swagger UI at `/docs`. */
export function registerDocsRoutes(app: ApiApp): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Eco-Bot integration API',
      version: '1.0.0',
      description: 'Agents, GBTS conversation trees, Notion syncs and their real-time events.',
    },
  });
  app.get('/docs', swaggerUI({ url: '/openapi.json', title: 'Eco-Bot API' }));
}
