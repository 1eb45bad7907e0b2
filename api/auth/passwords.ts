import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

import { MalformedPasswordHashError } from './errors';

/** OWASP's scrypt parameters: N = 2^17, r = 8, p = 1 (about 128 MiB and 0.2 s per hash). */
const defaultCost = { N: 2 ** 17, r: 8, p: 1 } as const;
const keyLength = 64;
const saltLength = 16;

function scryptAsync(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keyLength, options, (error, key) => {
      if (error) {
        reject(error);
      } else {
        resolve(key);
      }
    });
  });
}

function withMaxmem(cost: { N: number; r: number; p: number }): ScryptOptions {
  // scrypt needs 128 * N * r bytes; Node's 32 MiB default would refuse OWASP's parameters.
  return { ...cost, maxmem: 2 * 128 * cost.N * cost.r };
}

/** Hashes `password` with scrypt and a random salt into `scrypt$N$r$p$salt$hash` (base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(saltLength);
  const key = await scryptAsync(password, salt, withMaxmem(defaultCost));
  const { N, r, p } = defaultCost;
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** True when `password` matches `stored`; compares in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  const [scheme, n, r, p, salt, hash] = parts;
  if (parts.length !== 6 || scheme !== 'scrypt' || !salt || !hash) {
    throw new MalformedPasswordHashError();
  }
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  if (![cost.N, cost.r, cost.p].every(Number.isSafeInteger) || cost.N > 2 ** 20) {
    throw new MalformedPasswordHashError();
  }
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64url'), withMaxmem(cost));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the time of one verification without a user, so that an unknown email answers as slowly
 * as a wrong password and the response time does not reveal which emails exist.
 */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(password, await dummyHash);
}
