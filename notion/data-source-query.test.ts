import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { NotionQueryLimitError } from './errors';
import {
  collect,
  startIntegrationFixture,
  titleValue,
  type IntegrationFixture,
} from './integration-fixture';
import { decodeProperty } from './property-codecs';

let fx: IntegrationFixture;

beforeAll(async () => {
  fx = await startIntegrationFixture({ ratePerSecond: 500 });
});

afterAll(async () => {
  await fx.emulator.close();
});

beforeEach(() => {
  fx.emulator.control.clearRequestLog();
});

const roles = ['recycling_expert', 'energy_advisor'];

async function newSource(title: string): Promise<string> {
  const created = await fx.notion.createDatabase(fx.workspace.parentPageId, title, {
    Name: { title: {} },
    Role: { select: { options: roles.map((name) => ({ name })) } },
    Version: { number: {} },
  });
  return created.dataSourceId;
}

/** Seeds rows straight into the emulator, `perMinute` at a time, one emulator minute apart. */
function seed(dataSourceId: string, count: number, perMinute = count): void {
  for (let start = 0; start < count; start += perMinute) {
    fx.emulator.control.advanceClock(60_000);
    const rows = Array.from({ length: Math.min(perMinute, count - start) }, (_, i) => ({
      Name: titleValue(`row ${start + i}`),
      Role: { select: { name: roles[(start + i) % 2]! } },
      Version: { number: start + i },
    }));
    fx.emulator.control.seedPages(dataSourceId, rows);
  }
}

describe('data source queries through the integration', () => {
  it('follows every page of a query with a filter and sorts', async () => {
    const source = await newSource('Filtered');
    seed(source, 250);
    fx.emulator.control.clearRequestLog();
    const pages = await collect(
      fx.notion.queryDataSource(source, {
        filter: { property: 'Role', select: { equals: 'energy_advisor' } },
        sorts: [{ property: 'Version', direction: 'descending' }],
        pageSize: 50,
      }),
    );
    const versions = pages.map((page) => decodeProperty('number', page.properties.Version));
    expect(versions).toHaveLength(125);
    expect(versions).toEqual([...versions].sort((a, b) => (b ?? 0) - (a ?? 0)));
    expect(versions.every((version) => (version ?? 0) % 2 === 1)).toBe(true);
    expect(fx.emulator.control.routeCounts()).toEqual({
      'POST /v1/data_sources/:data_source_id/query': 3,
    });
  });

  it('returns only the properties named in filterProperties', async () => {
    const source = await newSource('Narrow');
    seed(source, 3);
    const schema = await fx.notion.getDataSource(source);
    const versionId = schema.properties.Version!.id;
    const pages = await collect(
      fx.notion.queryDataSource(source, { filterProperties: [versionId] }),
    );
    expect(pages.map((page) => Object.keys(page.properties))).toEqual([
      ['Version'],
      ['Version'],
      ['Version'],
    ]);
  });

  it('reads every row past the 10,000-result cap by splitting on created_time', async () => {
    const source = await newSource('Large');
    seed(source, 10_050, 2_500);
    const pages = await collect(fx.notion.queryDataSource(source));
    expect(new Set(pages.map((page) => page.id)).size).toBe(10_050);
    expect(pages).toHaveLength(10_050);
    const created = pages.map((page) => page.created_time);
    expect(created).toEqual([...created].sort());
  }, 120_000);

  it('stops with NotionQueryLimitError when a property-sorted query reaches the cap', async () => {
    const source = await newSource('Large by property');
    seed(source, 10_001, 5_001);
    let yielded = 0;
    const reading = (async () => {
      const sorts = [{ property: 'Version', direction: 'ascending' as const }];
      for await (const page of fx.notion.queryDataSource(source, { sorts })) {
        yielded += page.object === 'page' ? 1 : 0;
      }
    })();
    await expect(reading).rejects.toBeInstanceOf(NotionQueryLimitError);
    expect(yielded).toBe(10_000);
  }, 120_000);
});

describe('changed-since queries', () => {
  it('returns pages edited since a time, oldest edit first, despite the minute floor', async () => {
    const source = await newSource('Changes');
    fx.emulator.control.setClock('2030-01-01T12:00:30Z');
    const [a, b] = await Promise.all(
      ['a', 'b', 'c'].map((name) =>
        fx.notion.createDatabaseEntry(source, { Name: titleValue(name) }),
      ),
    );
    fx.emulator.control.setClock('2030-01-01T12:06:50Z');
    fx.emulator.control.editPageAsHuman(b!.id, { properties: { Version: { number: 1 } } });
    fx.emulator.control.setClock('2030-01-01T12:07:10Z');
    fx.emulator.control.editPageAsHuman(a!.id, { properties: { Version: { number: 2 } } });

    const since = '2030-01-01T12:06:59Z';
    const exact = await collect(fx.notion.queryChangedSince(source, since, { overlapMs: 0 }));
    expect(exact.map((page) => page.id)).toEqual([b!.id, a!.id]);
    expect(exact[0]?.last_edited_time).toBe('2030-01-01T12:06:00.000Z');
    const later = await collect(fx.notion.queryChangedSince(source, '2030-01-01T12:07:30Z'));
    expect(later.map((page) => page.id)).toEqual([b!.id, a!.id]);
    const none = await collect(
      fx.notion.queryChangedSince(source, '2030-01-01T12:09:00Z', { overlapMs: 0 }),
    );
    expect(none).toEqual([]);
  });
});
