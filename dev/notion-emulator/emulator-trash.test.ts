import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { captureError, startFixture, text, type EmulatorFixture } from './emulator-fixture';

let fx: EmulatorFixture;

beforeAll(async () => {
  fx = await startFixture();
});

afterAll(async () => {
  await fx.emulator.close();
});

async function createRow(name = 'Row'): Promise<string> {
  const page = await fx.notion.pages.create({
    parent: { data_source_id: fx.demo.dataSourceId },
    properties: { Name: { title: text(name) } },
  });
  return page.id;
}

async function queryIds(dataSourceId = fx.demo.dataSourceId): Promise<string[]> {
  const response = await fx.notion.dataSources.query({ data_source_id: dataSourceId });
  return response.results.map((page) => page.id);
}

describe('Notion emulator trash', () => {
  it('moves a page to the trash with in_trash true and leaves it readable', async () => {
    const id = await createRow();
    const trashed = await fx.notion.pages.update({ page_id: id, in_trash: true });
    expect(trashed).toMatchObject({ in_trash: true, archived: true });
    expect(await fx.notion.pages.retrieve({ page_id: id })).toMatchObject({ in_trash: true });
  });

  it('leaves trashed pages out of queries', async () => {
    const id = await createRow();
    await fx.notion.pages.update({ page_id: id, in_trash: true });
    expect(await queryIds()).not.toContain(id);
  });

  it('refuses property updates on a trashed page with 400 validation_error', async () => {
    const id = await createRow();
    await fx.notion.pages.update({ page_id: id, in_trash: true });
    const error = await captureError(
      fx.notion.pages.update({ page_id: id, properties: { Version: { number: 1 } } }),
    );
    expect(error.status).toBe(400);
    expect(error.code).toBe('validation_error');
    expect(error.message).toContain('archived');
  });

  it('restores a page with in_trash false', async () => {
    const id = await createRow();
    await fx.notion.pages.update({ page_id: id, in_trash: true });
    const restored = await fx.notion.pages.update({ page_id: id, in_trash: false });
    expect(restored).toMatchObject({ in_trash: false });
    expect(await queryIds()).toContain(id);
  });

  it('accepts the archived alias on 2025-09-03', async () => {
    const id = await createRow();
    const trashed = await fx.notion.pages.update({ page_id: id, archived: true });
    expect(trashed).toMatchObject({ in_trash: true });
  });

  it('refuses the archived alias on 2026-03-11', async () => {
    const id = await createRow();
    const newer = fx.client({ notionVersion: '2026-03-11' });
    const error = await captureError(newer.pages.update({ page_id: id, archived: true }));
    expect(error.code).toBe('validation_error');
    expect(error.message).toContain('body.archived');
  });

  it('trashes a page through DELETE /v1/blocks', async () => {
    const id = await createRow();
    const deleted = await fx.notion.blocks.delete({ block_id: id });
    expect(deleted).toMatchObject({ object: 'block', type: 'child_page', in_trash: true });
    expect(await fx.notion.pages.retrieve({ page_id: id })).toMatchObject({ in_trash: true });
  });

  it('trashes a block through DELETE and hides it from its parent’s children', async () => {
    const appended = await fx.notion.blocks.children.append({
      block_id: fx.workspace.parentPageId,
      children: [{ paragraph: { rich_text: text('bye') } }],
    });
    const blockId = appended.results[0]?.id ?? '';
    await fx.notion.blocks.delete({ block_id: blockId });
    expect(await fx.notion.blocks.retrieve({ block_id: blockId })).toMatchObject({
      in_trash: true,
    });
    const children = await fx.notion.blocks.children.list({ block_id: fx.workspace.parentPageId });
    expect(children.results.map((child) => child.id)).not.toContain(blockId);
  });

  it('reads pages under a trashed parent page as trashed', async () => {
    const parent = await fx.notion.pages.create({
      parent: { page_id: fx.workspace.parentPageId },
      properties: { title: { title: text('Folder') } },
    });
    const child = await fx.notion.pages.create({
      parent: { page_id: parent.id },
      properties: { title: { title: text('Inside') } },
    });
    await fx.notion.pages.update({ page_id: parent.id, in_trash: true });
    expect(await fx.notion.pages.retrieve({ page_id: child.id })).toMatchObject({ in_trash: true });
    const error = await captureError(
      fx.notion.pages.update({ page_id: child.id, properties: { title: { title: text('x') } } }),
    );
    expect(error.code).toBe('validation_error');
  });

  it('reads rows of a trashed database as trashed and leaves them out of queries', async () => {
    const other = fx.emulator.control.createDemoDatabase(fx.workspace.token, { title: 'Scratch' });
    const page = await fx.notion.pages.create({
      parent: { data_source_id: other.dataSourceId },
      properties: { Name: { title: text('row') } },
    });
    await fx.notion.blocks.delete({ block_id: other.databaseId });
    expect(await fx.notion.pages.retrieve({ page_id: page.id })).toMatchObject({ in_trash: true });
    expect(await queryIds(other.dataSourceId)).toEqual([]);
  });

  it('lets a person trash a page through the control surface', async () => {
    const id = await createRow();
    fx.emulator.control.editPageAsHuman(id, { inTrash: true });
    const page = await fx.notion.pages.retrieve({ page_id: id });
    expect(page).toMatchObject({
      in_trash: true,
      last_edited_by: { id: fx.workspace.personUserId },
    });
  });
});
