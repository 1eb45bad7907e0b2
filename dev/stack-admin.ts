import { readFile } from 'node:fs/promises';

import { createUser, findUserByEmail } from '../api/auth/users';
import type { Db } from '../db/client';
import { keptSecret } from './stack-files';

/** The demo admin's login, as the stack prints it. */
export interface DemoAdmin {
  email: string;
  /** Undefined when the account predates this data directory and its password is not known. */
  password: string | undefined;
  isNew: boolean;
}

/** Options of {@link ensureDemoAdmin}. */
export interface DemoAdminOptions {
  email: string;
  /** The password to create the account with; default a random one kept in `passwordPath`. */
  password: string | undefined;
  passwordPath: string;
}

/**
 * Creates the demo admin once. A generated password is kept in the data directory so that every
 * start can print the same login; an existing account is never changed.
 */
export async function ensureDemoAdmin(db: Db, options: DemoAdminOptions): Promise<DemoAdmin> {
  const existing = await findUserByEmail(db, options.email);
  if (existing !== undefined) {
    const kept = await readFile(options.passwordPath, 'utf8').catch(() => undefined);
    return { email: existing.email, password: options.password ?? kept?.trim(), isNew: false };
  }
  const password = options.password ?? (await keptSecret(options.passwordPath, 12));
  const user = await createUser(db, { email: options.email, password, role: 'admin' });
  return { email: user.email, password, isNew: true };
}
