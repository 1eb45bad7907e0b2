import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium; `CHROMIUM_PATH` points elsewhere. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A headless Chromium with a fresh profile, and a page in it. */
export interface HeadlessBrowser {
  page: Page;
  close(): Promise<void>;
}

/** Launches headless Chromium with a profile of its own that `close` removes. */
export async function launchHeadless(): Promise<HeadlessBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'eco-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      args: chromiumArgs,
      viewport: { width: 1440, height: 900 },
    });
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    page,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** The Web UI's list of workflows in `namespace`. */
export function workflowListUrl(uiUrl: string, namespace = 'default'): string {
  return `${uiUrl}/namespaces/${encodeURIComponent(namespace)}/workflows`;
}

/** The Web UI's page of one run. */
export function workflowRunUrl(uiUrl: string, workflowId: string, runId: string): string {
  const id = encodeURIComponent(workflowId);
  return `${workflowListUrl(uiUrl)}/${id}/${encodeURIComponent(runId)}/history`;
}
