import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

import type { WorkflowBundleOption } from '@temporalio/worker';

import { ConfigError, type Env } from '../core/env';
import { bundleSyncWorkflows } from './create-sync-worker';

/** Where `npm run build:workflows` writes the bundle by default. */
export const defaultBundlePath = 'dist/workflow-bundle.js';

/**
 * The prebuilt workflow bundle `TEMPORAL_WORKFLOW_BUNDLE` names, for production workers: they
 * start in a second instead of bundling for several, and every worker of a release runs the very
 * same workflow code. Undefined when the variable is unset: the worker then bundles at start,
 * as in development. Throws `ConfigError` when the file does not exist.
 */
export function prebuiltWorkflowBundle(env: Env): WorkflowBundleOption | undefined {
  const path = env.TEMPORAL_WORKFLOW_BUNDLE;
  if (path === undefined || path === '') {
    return undefined;
  }
  const codePath = resolve(path);
  if (!existsSync(codePath)) {
    throw new ConfigError([
      {
        variable: 'TEMPORAL_WORKFLOW_BUNDLE',
        problem: `names no file (${codePath}); run npm run build:workflows`,
      },
    ]);
  }
  return { codePath };
}

/** Bundles the sync workflows and writes the code to `path`; returns its absolute path. */
export async function writeWorkflowBundle(path = defaultBundlePath): Promise<string> {
  const bundle = await bundleSyncWorkflows();
  const target = resolve(path);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, bundle.code);
  return target;
}
