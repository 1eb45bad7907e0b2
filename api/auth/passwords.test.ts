import { describe, expect, it } from 'vitest';

import { MalformedPasswordHashError } from './errors';
import { hashPassword, verifyPassword } from './passwords';

describe('password hashing', () => {
  it('stores scrypt with OWASP parameters and a random salt, never the password', async () => {
    const [first, second] = await Promise.all([
      hashPassword('correct horse'),
      hashPassword('correct horse'),
    ]);
    expect(first).toMatch(/^scrypt\$131072\$8\$1\$[\w-]{22}\$[\w-]{86}$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain('correct horse');
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('s3cret');
    expect(await verifyPassword('s3cret', stored)).toBe(true);
    expect(await verifyPassword('s3cret ', stored)).toBe(false);
  });

  it('refuses a stored hash in another format', async () => {
    await expect(verifyPassword('x', 'md5$abc')).rejects.toThrow(MalformedPasswordHashError);
    await expect(verifyPassword('x', 'scrypt$99999999$8$1$a$b')).rejects.toThrow(
      MalformedPasswordHashError,
    );
  });
});
