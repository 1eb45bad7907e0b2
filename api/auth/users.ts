import { eq } from 'drizzle-orm';

import type { Db } from '../../db/client';
import { users } from '../../db/schema';
import { DuplicateUserError } from './errors';
import { hashPassword } from './passwords';
import type { AuthUser, Role } from './permissions';

/** Fields of a new user; the password is hashed before it is stored. */
export interface NewUser {
  email: string;
  password: string;
  role: Role;
}

/** A user as the API shows it: never with the password hash. */
export interface PublicUser extends AuthUser {
  email: string;
}

/** Emails compare case-insensitively and without surrounding blanks. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Creates a user with an scrypt-hashed password; throws `DuplicateUserError` on a taken email. */
export async function createUser(db: Db, input: NewUser): Promise<PublicUser> {
  const email = normalizeEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  const [row] = await db
    .insert(users)
    .values({ email, passwordHash, role: input.role })
    .onConflictDoNothing({ target: users.email })
    .returning({ id: users.id, email: users.email, role: users.role });
  if (row === undefined) {
    throw new DuplicateUserError(email);
  }
  return row;
}

/** The user with `email` and its password hash, or undefined. */
export async function findUserByEmail(db: Db, email: string) {
  const [row] = await db
    .select()
    .from(users)
    .where(eq(users.email, normalizeEmail(email)))
    .limit(1);
  return row;
}

/** The user with `id`, or undefined. */
export async function findUserById(db: Db, id: string): Promise<PublicUser | undefined> {
  const [row] = await db
    .select({ id: users.id, email: users.email, role: users.role })
    .from(users)
    .where(eq(users.id, id))
    .limit(1);
  return row;
}
