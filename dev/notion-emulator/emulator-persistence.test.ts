import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Client, LogLevel } from '@notionhq/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startFixture, text, type EmulatorFixture } from './emulator-fixture';
import { EmulatorSnapshotError } from './errors';
import { exportState, importState, type EmulatorSnapshot } from './persistence';
import { startNotionEmulator } from './server';
import { EmulatorStore } from './store';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'eco-emulator-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function createRows(fx: EmulatorFixture, names: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const name of names) {
    const page = await fx.notion.pages.create({
      parent: { data_source_id: fx.demo.dataSourceId },
      properties: { Name: { title: text(name) }, 'Local ID': { rich_text: text(name) } },
    });
    ids.push(page.id);
  }
  return ids;
}

async function titles(fx: EmulatorFixture): Promise<string[]> {
  const response = await fx.notion.dataSources.query({ data_source_id: fx.demo.dataSourceId });
  return response.results.map((page) => {
    const name = 'properties' in page ? page.properties.Name : undefined;
    return name?.type === 'title' ? name.title.map((part) => part.plain_text).join('') : '';
  });
}

describe('Notion emulator persistence', () => {
  it('brings back the workspace, its token, rows and trash after a restart', async () => {
    const path = join(dir, 'restart.json');
    const first = await startFixture({ persistPath: path });
    const [, trashedId] = await createRows(first, ['Compost Coach', 'Old Agent', 'Solar Planner']);
    await first.notion.pages.update({ page_id: trashedId ?? '', in_trash: true });
    await first.emulator.close();

    const emulator = await startNotionEmulator({ persistPath: path, rateLimit: false });
    const notion = new Client({
      auth: first.workspace.token,
      baseUrl: emulator.baseUrl,
      retry: false,
      logLevel: LogLevel.ERROR,
      logger: () => undefined,
    });
    const second: EmulatorFixture = { ...first, emulator, notion };
    try {
      expect(await titles(second)).toEqual(['Compost Coach', 'Solar Planner']);
      const trashed = await second.notion.pages.retrieve({ page_id: trashedId ?? '' });
      expect(trashed).toMatchObject({ in_trash: true });
      await createRows(second, ['Water Analyst']);
      expect(await titles(second)).toHaveLength(3);
    } finally {
      await emulator.close();
    }
  });

  it('writes the state on close even when nothing triggered a periodic save', async () => {
    const path = join(dir, 'on-close.json');
    const fx = await startFixture({ persistPath: path });
    await createRows(fx, ['Rain Harvester']);
    await fx.emulator.close();
    const saved = JSON.parse(await readFile(path, 'utf8')) as { objects: { id: string }[] };
    expect(saved.objects.length).toBeGreaterThanOrEqual(4);
  });

  it('round-trips a saved store through importState and exportState unchanged', async () => {
    const path = join(dir, 'round-trip.json');
    const fx = await startFixture({ persistPath: path });
    await createRows(fx, ['Grid Watcher', 'Urban Forester']);
    await fx.emulator.close();
    const snapshot = JSON.parse(await readFile(path, 'utf8')) as EmulatorSnapshot;

    const store = new EmulatorStore();
    importState(store, snapshot);
    expect(exportState(store)).toEqual(snapshot);
    expect(store.workspaceForToken(fx.workspace.token)?.id).toBe(fx.workspace.workspaceId);
  });

  it('refuses to start on a file that is not a snapshot, naming the file', async () => {
    const path = join(dir, 'broken.json');
    await writeFile(path, '{"version": 7}');
    const started = startNotionEmulator({ persistPath: path });
    await expect(started).rejects.toBeInstanceOf(EmulatorSnapshotError);
    await expect(started).rejects.toThrow(path);
  });
});
