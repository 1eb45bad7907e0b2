import type { Db } from '../../db/client';
import type { ApiConfig } from '../config';
import { signAccessToken } from './access-tokens';
import { InvalidCredentialsError, InvalidRefreshTokenError } from './errors';
import { burnPasswordCheck, verifyPassword } from './passwords';
import { issueRefreshToken, rotateRefreshToken, type IssuedRefreshToken } from './refresh-tokens';
import { findUserByEmail, findUserById, type PublicUser } from './users';

/** What login and refresh answer: a short-lived access token and a rotating refresh token. */
export interface TokenPair {
  tokenType: 'Bearer';
  accessToken: string;
  /** Access token lifetime in seconds. */
  expiresIn: number;
  refreshToken: string;
  refreshExpiresAt: string;
  user: PublicUser;
}

async function pairFor(
  config: ApiConfig,
  user: PublicUser,
  refresh: IssuedRefreshToken,
): Promise<TokenPair> {
  const access = await signAccessToken(config, user);
  return {
    tokenType: 'Bearer',
    accessToken: access.token,
    expiresIn: access.expiresIn,
    refreshToken: refresh.token,
    refreshExpiresAt: refresh.expiresAt.toISOString(),
    user,
  };
}

/** Checks the password and opens a new token family; throws `InvalidCredentialsError`. */
export async function login(
  db: Db,
  config: ApiConfig,
  credentials: { email: string; password: string },
): Promise<TokenPair> {
  const row = await findUserByEmail(db, credentials.email);
  if (row === undefined) {
    await burnPasswordCheck(credentials.password);
    throw new InvalidCredentialsError();
  }
  if (!(await verifyPassword(credentials.password, row.passwordHash))) {
    throw new InvalidCredentialsError();
  }
  const user = { id: row.id, email: row.email, role: row.role };
  const refresh = await issueRefreshToken(db, user.id, config.refreshTokenTtlSeconds);
  return pairFor(config, user, refresh);
}

/** Rotates `refreshToken` and signs a new access token with the user's current role. */
export async function refresh(db: Db, config: ApiConfig, refreshToken: string): Promise<TokenPair> {
  const { userId, next } = await rotateRefreshToken(
    db,
    refreshToken,
    config.refreshTokenTtlSeconds,
  );
  const user = await findUserById(db, userId);
  if (user === undefined) {
    throw new InvalidRefreshTokenError();
  }
  return pairFor(config, user, next);
}
