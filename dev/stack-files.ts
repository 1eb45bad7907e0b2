import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * The secret kept in `path`, or a new random one (`bytes` random bytes, base64url) written there
 * readable by the owner only; so a generated secret stays the same across restarts.
 */
export async function keptSecret(path: string, bytes = 48): Promise<string> {
  const existing = await readTextFile(path);
  if (existing !== undefined && existing.trim() !== '') {
    return existing.trim();
  }
  const secret = randomBytes(bytes).toString('base64url');
  await writeTextFile(path, `${secret}\n`);
  return secret;
}

/** The JSON in `path` when the file exists and `isValid` accepts it, else undefined. */
export async function readJsonFile<T>(
  path: string,
  isValid: (value: unknown) => value is T,
): Promise<T | undefined> {
  const text = await readTextFile(path);
  if (text === undefined) {
    return undefined;
  }
  try {
    const value: unknown = JSON.parse(text);
    return isValid(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Writes `value` as JSON through a temporary file, readable by the owner only. */
export async function writeJsonFile(path: string, value: unknown): Promise<void> {
  await writeTextFile(path, `${JSON.stringify(value, null, 2)}\n`);
}

async function readTextFile(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
}

async function writeTextFile(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const staging = `${path}.${process.pid}.tmp`;
  await writeFile(staging, text, { encoding: 'utf8', mode: 0o600 });
  await rename(staging, path);
}
