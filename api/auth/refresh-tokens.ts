import { and, eq, isNull } from 'drizzle-orm';
import { createHash, randomBytes, randomUUID } from 'node:crypto';

import type { Db } from '../../db/client';
import { refreshTokens } from '../../db/schema';
import { transaction } from '../../db/transaction';
import { InvalidRefreshTokenError, RefreshTokenReusedError } from './errors';

/** A refresh token as handed to the client; only its SHA-256 is stored. */
export interface IssuedRefreshToken {
  token: string;
  familyId: string;
  expiresAt: Date;
}

/** SHA-256 of a refresh token, hex: what the database stores and looks up. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Issues a random 32-byte refresh token for `userId` in `familyId` (a new family by default). */
export async function issueRefreshToken(
  db: Db,
  userId: string,
  ttlSeconds: number,
  familyId: string = randomUUID(),
): Promise<IssuedRefreshToken> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
  await db
    .insert(refreshTokens)
    .values({ userId, familyId, tokenHash: hashRefreshToken(token), expiresAt });
  return { token, familyId, expiresAt };
}

type RotationOutcome =
  | { kind: 'rotated'; userId: string; next: IssuedRefreshToken }
  | { kind: 'reused'; familyId: string }
  | { kind: 'invalid' };

/**
 * Exchanges `token` for a new one of the same family and marks it used. Presenting a used token
 * again revokes the whole family (the revocation commits) and throws `RefreshTokenReusedError`;
 * an unknown, expired or revoked token throws `InvalidRefreshTokenError`.
 */
export async function rotateRefreshToken(
  db: Db,
  token: string,
  ttlSeconds: number,
): Promise<{ userId: string; next: IssuedRefreshToken }> {
  const outcome = await transaction(db, async (tx): Promise<RotationOutcome> => {
    const [row] = await tx
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, hashRefreshToken(token)))
      .for('update');
    if (row === undefined || row.revokedAt !== null || row.expiresAt.getTime() <= Date.now()) {
      return { kind: 'invalid' };
    }
    if (row.usedAt !== null) {
      await revokeFamily(tx, row.familyId);
      return { kind: 'reused', familyId: row.familyId };
    }
    await tx.update(refreshTokens).set({ usedAt: new Date() }).where(eq(refreshTokens.id, row.id));
    const next = await issueRefreshToken(tx, row.userId, ttlSeconds, row.familyId);
    return { kind: 'rotated', userId: row.userId, next };
  });
  if (outcome.kind === 'reused') {
    throw new RefreshTokenReusedError(outcome.familyId);
  }
  if (outcome.kind === 'invalid') {
    throw new InvalidRefreshTokenError();
  }
  return outcome;
}

/** Revokes every token of `familyId` that is not revoked yet. */
export async function revokeFamily(db: Db, familyId: string): Promise<void> {
  await db
    .update(refreshTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
}

/** Revokes the family `token` belongs to; an unknown token changes nothing. */
export async function revokeFamilyOf(db: Db, token: string): Promise<void> {
  const [row] = await db
    .select({ familyId: refreshTokens.familyId })
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, hashRefreshToken(token)));
  if (row !== undefined) {
    await revokeFamily(db, row.familyId);
  }
}
