import { collectAllDataSourceRows, collectPaginatedAPI, type Client } from '@notionhq/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { captureError, startFixture, text, type EmulatorFixture } from './emulator-fixture';

let fx: EmulatorFixture;
let dataSourceId: string;

interface Row {
  name: string;
  score: number | null;
  tags: string[];
  done: boolean;
  due: string | null;
  kind: string | null;
}

const rows: Row[] = [
  { name: 'Alpha compost', score: 5, tags: ['soil'], done: true, due: '2025-01-10', kind: 'a' },
  {
    name: 'beta water',
    score: 12,
    tags: ['water', 'soil'],
    done: false,
    due: '2025-02-01',
    kind: 'b',
  },
  { name: 'Gamma', score: null, tags: [], done: false, due: null, kind: null },
  { name: 'delta compost', score: 8, tags: ['air'], done: true, due: '2025-03-15', kind: 'a' },
];

async function createSource(notion: Client): Promise<string> {
  const database = await notion.databases.create({
    parent: { type: 'page_id', page_id: fx.workspace.parentPageId },
    title: text('Query test'),
    initial_data_source: {
      properties: {
        Name: { title: {} },
        Score: { number: {} },
        Tags: { multi_select: {} },
        Done: { checkbox: {} },
        Due: { date: {} },
        Kind: { select: {} },
      },
    },
  });
  return 'data_sources' in database ? (database.data_sources[0]?.id ?? '') : '';
}

async function names(filter?: unknown, sorts?: unknown): Promise<string[]> {
  const response = await fx.notion.dataSources.query({
    data_source_id: dataSourceId,
    filter: filter as never,
    sorts: sorts as never,
  });
  return response.results.map((page) => {
    const title = 'properties' in page ? page.properties.Name : undefined;
    return title?.type === 'title' ? title.title.map((t) => t.plain_text).join('') : '';
  });
}

beforeAll(async () => {
  fx = await startFixture();
  fx.emulator.control.setClock('2025-06-01T08:00:00.000Z');
  dataSourceId = await createSource(fx.notion);
  for (const row of rows) {
    await fx.notion.pages.create({
      parent: { data_source_id: dataSourceId },
      properties: {
        Name: { title: text(row.name) },
        Score: { number: row.score },
        Tags: { multi_select: row.tags.map((name) => ({ name })) },
        Done: { checkbox: row.done },
        Due: { date: row.due === null ? null : { start: row.due } },
        Kind: { select: row.kind === null ? null : { name: row.kind } },
      },
    });
    fx.emulator.control.advanceClock(120_000);
  }
});

afterAll(async () => {
  await fx.emulator.close();
});

describe('Notion emulator data source queries', () => {
  it('filters title text with contains, ignoring case', async () => {
    expect(await names({ property: 'Name', title: { contains: 'COMPOST' } })).toEqual([
      'Alpha compost',
      'delta compost',
    ]);
  });

  it('filters text with equals, starts_with, ends_with and is_empty', async () => {
    expect(await names({ property: 'Name', title: { equals: 'Gamma' } })).toEqual(['Gamma']);
    expect(await names({ property: 'Name', rich_text: { starts_with: 'be' } })).toEqual([
      'beta water',
    ]);
    expect(await names({ property: 'Name', title: { ends_with: 'water' } })).toEqual([
      'beta water',
    ]);
    expect(await names({ property: 'Name', title: { is_empty: true } })).toEqual([]);
  });

  it('filters numbers by comparison and emptiness', async () => {
    expect(await names({ property: 'Score', number: { greater_than: 6 } })).toEqual([
      'beta water',
      'delta compost',
    ]);
    expect(await names({ property: 'Score', number: { is_empty: true } })).toEqual(['Gamma']);
  });

  it('filters checkboxes, selects and multi-selects', async () => {
    expect(await names({ property: 'Done', checkbox: { equals: true } })).toHaveLength(2);
    expect(await names({ property: 'Kind', select: { equals: 'b' } })).toEqual(['beta water']);
    expect(await names({ property: 'Kind', select: { is_empty: true } })).toEqual(['Gamma']);
    expect(await names({ property: 'Tags', multi_select: { contains: 'soil' } })).toEqual([
      'Alpha compost',
      'beta water',
    ]);
  });

  it('filters dates with before, on_or_after and is_empty', async () => {
    expect(await names({ property: 'Due', date: { before: '2025-02-01' } })).toEqual([
      'Alpha compost',
    ]);
    expect(await names({ property: 'Due', date: { on_or_after: '2025-02-01' } })).toEqual([
      'beta water',
      'delta compost',
    ]);
    expect(await names({ property: 'Due', date: { is_empty: true } })).toEqual(['Gamma']);
  });

  it('filters on created_time and last_edited_time without a timestamp property', async () => {
    const filter = {
      timestamp: 'created_time',
      created_time: { on_or_after: '2025-06-01T08:04:00.000Z' },
    };
    expect(await names(filter)).toEqual(['Gamma', 'delta compost']);
    const edited = {
      timestamp: 'last_edited_time',
      last_edited_time: { before: '2025-06-01T08:02:00.000Z' },
    };
    expect(await names(edited)).toEqual(['Alpha compost']);
  });

  it('combines filters with and and or, nested two levels', async () => {
    const filter = {
      or: [
        { property: 'Kind', select: { equals: 'b' } },
        {
          and: [
            { property: 'Done', checkbox: { equals: true } },
            { property: 'Score', number: { less_than: 6 } },
          ],
        },
      ],
    };
    expect(await names(filter)).toEqual(['Alpha compost', 'beta water']);
  });

  it('refuses compound filters nested three levels deep', async () => {
    const leaf = { property: 'Done', checkbox: { equals: true } };
    const error = await captureError(
      fx.notion.dataSources.query({
        data_source_id: dataSourceId,
        filter: { and: [{ or: [{ and: [leaf] }] }] } as never,
      }),
    );
    expect(error.code).toBe('validation_error');
    expect(error.message).toContain('nested at most two levels');
  });

  it('refuses a filter on an unknown property or with the wrong condition type', async () => {
    const unknown = await captureError(names({ property: 'Nope', number: { equals: 1 } }));
    expect(unknown.message).toContain('Nope');
    const wrong = await captureError(names({ property: 'Score', checkbox: { equals: true } }));
    expect(wrong.message).toContain('Score');
  });

  it('sorts by a property with empty values last', async () => {
    expect(await names(undefined, [{ property: 'Score', direction: 'descending' }])).toEqual([
      'beta water',
      'delta compost',
      'Alpha compost',
      'Gamma',
    ]);
  });

  it('sorts by timestamp', async () => {
    const sorted = await names(undefined, [{ timestamp: 'created_time', direction: 'descending' }]);
    expect(sorted).toEqual(rows.map((row) => row.name).reverse());
  });

  it('pages through results with opaque cursors', async () => {
    const first = await fx.notion.dataSources.query({ data_source_id: dataSourceId, page_size: 3 });
    expect(first.results).toHaveLength(3);
    expect(first.has_more).toBe(true);
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = await fx.notion.dataSources.query({
      data_source_id: dataSourceId,
      page_size: 3,
      start_cursor: first.next_cursor ?? undefined,
    });
    expect(second.results).toHaveLength(1);
    expect(second).toMatchObject({ has_more: false, next_cursor: null });
  });

  it('refuses a cursor that it did not hand out', async () => {
    const error = await captureError(
      fx.notion.dataSources.query({ data_source_id: dataSourceId, start_cursor: 'bogus' }),
    );
    expect(error.message).toContain('body.start_cursor');
  });

  it('returns only filter_properties on query results', async () => {
    const schema = await fx.notion.dataSources.retrieve({ data_source_id: dataSourceId });
    const scoreId = schema.properties.Score?.id ?? '';
    const response = await fx.notion.dataSources.query({
      data_source_id: dataSourceId,
      filter_properties: [scoreId],
    });
    const first = response.results[0];
    expect(
      first !== undefined && 'properties' in first ? Object.keys(first.properties) : [],
    ).toEqual(['Score']);
  });
});

describe('Notion emulator query result cap', () => {
  it('stops at 10,000 results with request_status incomplete; the SDK reads past it', async () => {
    const capped = await createSource(fx.notion);
    const total = 10_050;
    for (let start = 0; start < total; start += 2_000) {
      // Spreading rows over several minutes lets created_time windows move past the cap.
      fx.emulator.control.advanceClock(60_000);
      const batch = Array.from({ length: Math.min(2_000, total - start) }, (_, i) => ({
        Name: { title: text(`row ${start + i}`) },
      }));
      fx.emulator.control.seedPages(capped, batch);
    }
    const pages = await collectPaginatedAPI(fx.notion.dataSources.query, {
      data_source_id: capped,
    });
    expect(pages).toHaveLength(10_000);
    const last = await fx.notion.dataSources.query({
      data_source_id: capped,
      start_cursor: undefined,
    });
    expect(last.request_status).toEqual({
      type: 'incomplete',
      incomplete_reason: 'query_result_limit_reached',
    });
    const all = await collectAllDataSourceRows(fx.notion, { data_source_id: capped });
    expect(new Set(all.map((row) => row.id)).size).toBe(total);
  }, 120_000);
});
