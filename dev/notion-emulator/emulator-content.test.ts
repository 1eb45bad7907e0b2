import { collectPaginatedAPI, isFullBlock } from '@notionhq/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { captureError, startFixture, text, type EmulatorFixture } from './emulator-fixture';

let fx: EmulatorFixture;

beforeAll(async () => {
  fx = await startFixture();
});

afterAll(async () => {
  await fx.emulator.close();
});

async function newPage(title: string): Promise<string> {
  const page = await fx.notion.pages.create({
    parent: { page_id: fx.workspace.parentPageId },
    properties: { title: { title: text(title) } },
  });
  return page.id;
}

function paragraph(content: string) {
  return { paragraph: { rich_text: text(content) } };
}

async function childTexts(blockId: string): Promise<string[]> {
  const blocks = await collectPaginatedAPI(fx.notion.blocks.children.list, { block_id: blockId });
  return blocks.map((block) =>
    isFullBlock(block) && block.type === 'paragraph'
      ? block.paragraph.rich_text.map((t) => t.plain_text).join('')
      : '',
  );
}

describe('Notion emulator databases and data sources', () => {
  it('creates a database with its first data source and lists it', async () => {
    const database = await fx.notion.databases.create({
      parent: { type: 'page_id', page_id: fx.workspace.parentPageId },
      title: text('Projects'),
      initial_data_source: { properties: { Title: { title: {} }, Budget: { number: {} } } },
    });
    const read = await fx.notion.databases.retrieve({ database_id: database.id });
    expect(read).toMatchObject({ object: 'database', data_sources: [{ name: 'Projects' }] });
    const sourceId = 'data_sources' in read ? (read.data_sources[0]?.id ?? '') : '';
    const source = await fx.notion.dataSources.retrieve({ data_source_id: sourceId });
    expect(source).toMatchObject({
      object: 'data_source',
      parent: { type: 'database_id', database_id: database.id },
      properties: { Title: { id: 'title', type: 'title' }, Budget: { type: 'number' } },
    });
  });

  it('refuses a schema without exactly one title property', async () => {
    const error = await captureError(
      fx.notion.databases.create({
        parent: { type: 'page_id', page_id: fx.workspace.parentPageId },
        initial_data_source: { properties: { Budget: { number: {} } } },
      }),
    );
    expect(error.message).toContain('exactly one title property');
  });

  it('keeps property ids across a rename and adds and removes properties', async () => {
    const { dataSourceId } = fx.emulator.control.createDemoDatabase(fx.workspace.token);
    const before = await fx.notion.dataSources.retrieve({ data_source_id: dataSourceId });
    const versionId = before.properties.Version?.id;
    const after = await fx.notion.dataSources.update({
      data_source_id: dataSourceId,
      properties: { Version: { name: 'Revision' }, Phone: null, Notes: { rich_text: {} } },
    });
    expect(after.properties.Revision?.id).toBe(versionId);
    expect(after.properties).not.toHaveProperty('Phone');
    expect(after.properties.Notes).toMatchObject({ type: 'rich_text' });
  });
});

describe('Notion emulator blocks', () => {
  it('appends children and lists them in order with pagination', async () => {
    const pageId = await newPage('Blocks');
    const children = Array.from({ length: 5 }, (_, i) => paragraph(`p${i}`));
    await fx.notion.blocks.children.append({ block_id: pageId, children });
    const first = await fx.notion.blocks.children.list({ block_id: pageId, page_size: 2 });
    expect(first).toMatchObject({ object: 'list', type: 'block', has_more: true });
    expect(await childTexts(pageId)).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
  });

  it('inserts after a block with after on 2025-09-03 and position on 2026-03-11', async () => {
    const pageId = await newPage('Positions');
    const appended = await fx.notion.blocks.children.append({
      block_id: pageId,
      children: [paragraph('a'), paragraph('c')],
    });
    const firstId = appended.results[0]?.id ?? '';
    await fx.notion.blocks.children.append({
      block_id: pageId,
      after: firstId,
      children: [paragraph('b')],
    });
    await fx.client({ notionVersion: '2026-03-11' }).blocks.children.append({
      block_id: pageId,
      position: { type: 'start' },
      children: [paragraph('start')],
    });
    expect(await childTexts(pageId)).toEqual(['start', 'a', 'b', 'c']);
  });

  it('refuses after on 2026-03-11', async () => {
    const pageId = await newPage('After');
    const appended = await fx.notion.blocks.children.append({
      block_id: pageId,
      children: [paragraph('a')],
    });
    const error = await captureError(
      fx.client({ notionVersion: '2026-03-11' }).blocks.children.append({
        block_id: pageId,
        after: appended.results[0]?.id ?? '',
        children: [paragraph('b')],
      }),
    );
    expect(error.message).toContain('body.after');
  });

  it('creates a page with content and nests children two levels', async () => {
    const page = await fx.notion.pages.create({
      parent: { page_id: fx.workspace.parentPageId },
      properties: { title: { title: text('With content') } },
      children: [{ toggle: { rich_text: text('outer'), children: [paragraph('inner')] } }],
    });
    const [toggle] = await collectPaginatedAPI(fx.notion.blocks.children.list, {
      block_id: page.id,
    });
    expect(toggle).toMatchObject({ type: 'toggle', has_children: true });
    expect(await childTexts(toggle?.id ?? '')).toEqual(['inner']);
  });

  it('updates a block’s content of its own type and refuses another type', async () => {
    const pageId = await newPage('Update');
    const appended = await fx.notion.blocks.children.append({
      block_id: pageId,
      children: [{ to_do: { rich_text: text('task') } }],
    });
    const blockId = appended.results[0]?.id ?? '';
    const updated = await fx.notion.blocks.update({ block_id: blockId, to_do: { checked: true } });
    expect(updated).toMatchObject({
      type: 'to_do',
      to_do: { checked: true, rich_text: [{ plain_text: 'task' }] },
    });
    const error = await captureError(
      fx.notion.blocks.update({ block_id: blockId, paragraph: { rich_text: text('x') } }),
    );
    expect(error.code).toBe('validation_error');
  });

  it('refuses edits to a trashed block', async () => {
    const pageId = await newPage('Trashed block');
    const appended = await fx.notion.blocks.children.append({
      block_id: pageId,
      children: [paragraph('x')],
    });
    const blockId = appended.results[0]?.id ?? '';
    await fx.notion.blocks.update({ block_id: blockId, in_trash: true });
    const error = await captureError(
      fx.notion.blocks.update({ block_id: blockId, paragraph: { rich_text: text('y') } }),
    );
    expect(error.message).toContain('archived');
  });

  it('lists a page’s subpages and databases as child_page, child_database blocks', async () => {
    const children = await collectPaginatedAPI(fx.notion.blocks.children.list, {
      block_id: fx.workspace.parentPageId,
    });
    const types = new Set(children.map((child) => (isFullBlock(child) ? child.type : '')));
    expect(types).toContain('child_database');
    expect(types).toContain('child_page');
  });
});

describe('Notion emulator search', () => {
  it('finds pages and data sources by title, ignoring case', async () => {
    await newPage('Searchable Compost Guide');
    const found = await fx.notion.search({ query: 'compost guide' });
    expect(found.results.map((result) => result.object)).toEqual(['page']);
    const sources = await fx.notion.search({
      filter: { property: 'object', value: 'data_source' },
    });
    expect(sources.results.every((result) => result.object === 'data_source')).toBe(true);
    expect(sources.results.length).toBeGreaterThan(0);
  });
});
