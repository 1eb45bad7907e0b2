import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

/** `path` when it names an executable regular file, else undefined. */
export async function executableAt(path: string | undefined): Promise<string | undefined> {
  if (path === undefined || path === '') {
    return undefined;
  }
  try {
    await access(path, constants.X_OK);
    return (await stat(path)).isFile() ? path : undefined;
  } catch {
    return undefined;
  }
}

/** The first executable called `name` in the directories of `pathVariable`, as a shell finds it. */
export async function findOnPath(
  name: string,
  pathVariable: string | undefined,
): Promise<string | undefined> {
  for (const dir of (pathVariable ?? '').split(delimiter)) {
    const found = dir === '' ? undefined : await executableAt(join(dir, name));
    if (found !== undefined) {
      return found;
    }
  }
  return undefined;
}
