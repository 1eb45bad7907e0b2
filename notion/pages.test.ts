import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { NotionConnectionError, PropertyCodecError } from './errors';
import {
  collect,
  startIntegrationFixture,
  titleValue,
  type IntegrationFixture,
} from './integration-fixture';
import { canonicalize, decodeProperty, encodeProperty, type PropertyType } from './property-codecs';

let fx: IntegrationFixture;

beforeAll(async () => {
  fx = await startIntegrationFixture();
});

afterAll(async () => {
  await fx.emulator.close();
});

beforeEach(() => {
  fx.emulator.control.clearFaults();
  fx.emulator.control.clearRequestLog();
});

const agentColumns: Record<string, PropertyType> = {
  Name: 'title',
  'Local ID': 'rich_text',
  Role: 'select',
  Status: 'status',
  Capabilities: 'multi_select',
  Description: 'rich_text',
  Version: 'number',
  Active: 'checkbox',
  'Updated At': 'date',
  Website: 'url',
  Email: 'email',
  Phone: 'phone_number',
  Related: 'relation',
};

function encodeRow(row: Record<string, unknown>) {
  return Object.fromEntries(
    Object.entries(row).map(([name, value]) => [name, encodeProperty(agentColumns[name]!, value)]),
  );
}

describe('Notion pages through the integration', () => {
  it('creates a database under a page and returns its data source id', async () => {
    const created = await fx.notion.createDatabase(fx.workspace.parentPageId, 'Agents', {
      Name: { title: {} },
      'Local ID': { rich_text: {} },
    });
    const source = await fx.notion.getDataSource(created.dataSourceId);
    expect(Object.keys(source.properties).sort()).toEqual(['Local ID', 'Name']);
    expect(await fx.notion.resolveDataSourceId(created.databaseId)).toBe(created.dataSourceId);
  });

  it('writes every codec type and reads back the same canonical values', async () => {
    const other = await fx.notion.createDatabaseEntry(fx.demo.dataSourceId, {
      Name: titleValue('other agent'),
    });
    const row = {
      Name: 'Recycling expert',
      'Local ID': randomUUID(),
      Role: 'recycling_expert',
      Status: 'In progress',
      Capabilities: ['sorting', 'composting', 'sorting'],
      Description: `${'long text '.repeat(450)}🌍`,
      Version: 7,
      Active: true,
      'Updated At': '2024-05-01T09:15:00+02:00',
      Website: 'https://eco.example/agents/1',
      Email: 'agent@eco.example',
      Phone: '+44 20 7946 0958',
      Related: [other.id.replace(/-/g, '').toUpperCase()],
    };
    const created = await fx.notion.createDatabaseEntry(fx.demo.dataSourceId, encodeRow(row));
    const page = await fx.notion.getPage(created.id);
    for (const [name, type] of Object.entries(agentColumns)) {
      const expected = canonicalize(type, row[name as keyof typeof row]);
      expect(decodeProperty(type, page.properties[name]), name).toEqual(expected);
    }
  });

  it('updates only the properties it names', async () => {
    const page = await fx.notion.createDatabaseEntry(
      fx.demo.dataSourceId,
      encodeRow({ Name: 'Water analyst', Version: 1, Active: true }),
    );
    const updated = await fx.notion.updatePage(page.id, encodeRow({ Version: 2 }));
    expect(decodeProperty('number', updated.properties.Version)).toBe(2);
    expect(decodeProperty('title', updated.properties.Name)).toBe('Water analyst');
    expect(decodeProperty('checkbox', updated.properties.Active)).toBe(true);
  });

  it('moves a page to the trash and back', async () => {
    const page = await fx.notion.createDatabaseEntry(
      fx.demo.dataSourceId,
      encodeRow({ Name: 'x' }),
    );
    expect((await fx.notion.trashPage(page.id)).in_trash).toBe(true);
    expect((await fx.notion.getPage(page.id)).in_trash).toBe(true);
    expect((await fx.notion.restorePage(page.id)).in_trash).toBe(false);
  });

  it('creates a page with 150 blocks of content in two requests', async () => {
    const blocks = Array.from({ length: 150 }, (_, i) => paragraph(`line ${i}`));
    const page = await fx.notion.createPage(
      { page_id: fx.workspace.parentPageId },
      { title: titleValue('Notes') },
      blocks,
    );
    const children = await collect(fx.notion.listBlockChildren(page.id));
    expect(children).toHaveLength(150);
    expect(fx.emulator.control.routeCounts()).toMatchObject({
      'POST /v1/pages': 1,
      'PATCH /v1/blocks/:block_id/children': 1,
    });
  });

  it('reads a relation of 30 pages in full where the page read stops at 25', async () => {
    const targets = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        fx.notion.createDatabaseEntry(fx.demo.dataSourceId, encodeRow({ Name: `t${i}` })),
      ),
    );
    const ids = targets.map((target) => target.id);
    const page = await fx.notion.createDatabaseEntry(
      fx.demo.dataSourceId,
      encodeRow({ Name: 'hub', Related: ids }),
    );
    const read = await fx.notion.getPage(page.id);
    expect(() => decodeProperty('relation', read.properties.Related)).toThrow(PropertyCodecError);
    const propertyId = read.properties.Related!.id;
    const full = await fx.notion.getPageProperty(page.id, propertyId);
    expect(decodeProperty('relation', full)).toEqual(canonicalize('relation', ids));
  });

  it('finds the page of a create whose reply was lost, so a retry makes no duplicate', async () => {
    const localId = randomUUID();
    fx.emulator.control.dropReplyNext({ method: 'POST', path: '/v1/pages' });
    const lost = await fx.notion
      .createDatabaseEntry(fx.demo.dataSourceId, encodeRow({ Name: 'lost', 'Local ID': localId }))
      .catch((caught: unknown) => caught);
    expect(lost).toBeInstanceOf(NotionConnectionError);
    expect(lost).toMatchObject({ isRetryable: true });

    const found = await fx.notion.findPageByProperty(fx.demo.dataSourceId, 'Local ID', localId);
    expect(found).toBeDefined();
    expect(decodeProperty('title', found?.properties.Name)).toBe('lost');
    const missing = await fx.notion.findPageByProperty(fx.demo.dataSourceId, 'Local ID', 'none');
    expect(missing).toBeUndefined();
  });
});

function paragraph(text: string) {
  return { paragraph: { rich_text: [{ type: 'text' as const, text: { content: text } }] } };
}
