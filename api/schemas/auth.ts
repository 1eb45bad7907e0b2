import { z } from '@hono/zod-openapi';

import { userRoles } from '../../db/schema';
import { safeText } from './safe-text';

const refreshToken = z
  .string()
  .regex(/^[A-Za-z0-9_-]{43}$/, 'must be a refresh token')
  .openapi({ example: 'q7Yf3C0m1n0pQrStUvWxYz0123456789abcdefghijk' });

/** `POST /auth/login` body. */
export const LoginSchema = z
  .strictObject({
    email: z.email().max(254).openapi({ example: 'admin@eco-bot.local' }),
    password: safeText({ min: 1, max: 1024 }),
  })
  .openapi('LoginRequest');

/** `POST /auth/refresh` and `POST /auth/logout` body. */
export const RefreshSchema = z.strictObject({ refreshToken }).openapi('RefreshRequest');

/** Tokens answered by login and refresh. */
export const TokenPairSchema = z
  .object({
    tokenType: z.literal('Bearer'),
    accessToken: z.string(),
    expiresIn: z.number().int().openapi({ description: 'Access token lifetime in seconds' }),
    refreshToken: z.string(),
    refreshExpiresAt: z.iso.datetime(),
    user: z.object({ id: z.uuid(), email: z.string(), role: z.enum(userRoles) }),
  })
  .openapi('TokenPair');
