import { randomUUID, webcrypto } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';

import { userRoles } from '../../db/schema';
import { InvalidTokenError } from './errors';
import type { AuthUser } from './permissions';

/** What signing and verifying access tokens need from the configuration. */
export interface AccessTokenSettings {
  jwtSecret: string;
  jwtIssuer: string;
  jwtAudience: string;
  /** Lifetime of a new token in seconds. */
  accessTokenTtlSeconds: number;
}

const algorithm = 'HS256';

const claimsSchema = z.object({
  sub: z.uuid(),
  role: z.enum(userRoles),
});

const keys = new Map<string, Promise<webcrypto.CryptoKey>>();

/**
 * The HMAC key of `settings`, imported once: importing it for every request costs more
 * than the MAC.
 */
function keyOf(settings: AccessTokenSettings): Promise<webcrypto.CryptoKey> {
  let key = keys.get(settings.jwtSecret);
  if (key === undefined) {
    const secret = new TextEncoder().encode(settings.jwtSecret);
    const algorithm = { name: 'HMAC', hash: 'SHA-256' };
    key = webcrypto.subtle.importKey('raw', secret, algorithm, false, ['sign', 'verify']);
    keys.set(settings.jwtSecret, key);
  }
  return key;
}

/** Signs a short-lived HS256 access token for `user` with `iss`, `aud`, `iat`, `exp` and `jti`. */
export async function signAccessToken(
  settings: AccessTokenSettings,
  user: AuthUser,
): Promise<{ token: string; expiresIn: number }> {
  const token = await new SignJWT({ role: user.role })
    .setProtectedHeader({ alg: algorithm, typ: 'JWT' })
    .setSubject(user.id)
    .setIssuer(settings.jwtIssuer)
    .setAudience(settings.jwtAudience)
    .setIssuedAt()
    .setExpirationTime(`${settings.accessTokenTtlSeconds}s`)
    .setJti(randomUUID())
    .sign(await keyOf(settings));
  return { token, expiresIn: settings.accessTokenTtlSeconds };
}

/** Tokens that verified, with the user they carry and when they expire, per settings. */
const verified = new WeakMap<AccessTokenSettings, Map<string, { user: AuthUser; expMs: number }>>();
const maxVerified = 10_000;

/**
 * Verifies `token`: HS256 only (so `alg: none` and key confusion fail), the configured issuer and
 * audience, and `exp`, `iat` and `sub` present. Throws `InvalidTokenError` on any failure.
 * A token that verified is remembered until it expires (at most 10,000 of them): the same bytes
 * verify the same way, and the HMAC through WebCrypto costs more than the rest of a request.
 */
export async function verifyAccessToken(
  settings: AccessTokenSettings,
  token: string,
): Promise<AuthUser> {
  const known = verifiedOf(settings).get(token);
  if (known !== undefined && known.expMs > Date.now()) {
    return known.user;
  }
  const { user, expMs } = await verifyFully(settings, token);
  remember(verifiedOf(settings), token, { user, expMs });
  return user;
}

async function verifyFully(
  settings: AccessTokenSettings,
  token: string,
): Promise<{ user: AuthUser; expMs: number }> {
  try {
    const { payload } = await jwtVerify(token, await keyOf(settings), {
      algorithms: [algorithm],
      issuer: settings.jwtIssuer,
      audience: settings.jwtAudience,
      requiredClaims: ['exp', 'iat', 'sub'],
    });
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) {
      throw new InvalidTokenError('claims');
    }
    const user = { id: claims.data.sub, role: claims.data.role };
    return { user, expMs: (payload.exp ?? 0) * 1000 };
  } catch (error) {
    if (error instanceof InvalidTokenError) {
      throw error;
    }
    const reason = error instanceof joseErrors.JOSEError ? error.code : 'malformed';
    throw new InvalidTokenError(reason, { cause: error });
  }
}

function verifiedOf(settings: AccessTokenSettings) {
  let tokens = verified.get(settings);
  if (tokens === undefined) {
    tokens = new Map();
    verified.set(settings, tokens);
  }
  return tokens;
}

function remember<T>(tokens: Map<string, T>, token: string, entry: T): void {
  tokens.delete(token);
  tokens.set(token, entry);
  for (const oldest of tokens.keys()) {
    if (tokens.size <= maxVerified) {
      return;
    }
    tokens.delete(oldest);
  }
}
