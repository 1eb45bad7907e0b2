import { isFullPage, type PageObjectResponse } from '@notionhq/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { captureError, startFixture, text, type EmulatorFixture } from './emulator-fixture';

let fx: EmulatorFixture;

beforeAll(async () => {
  fx = await startFixture();
  fx.emulator.control.setClock('2025-06-01T10:00:30.000Z');
});

afterAll(async () => {
  await fx.emulator.close();
});

async function createRow(properties: Record<string, unknown> = {}): Promise<PageObjectResponse> {
  const page = await fx.notion.pages.create({
    parent: { data_source_id: fx.demo.dataSourceId },
    properties: { Name: { title: text('Row') }, ...properties },
  });
  if (!isFullPage(page)) {
    throw new Error('Expected a full page');
  }
  return page;
}

describe('Notion emulator pages', () => {
  it('creates a row whose parent names both its data source and database', async () => {
    const page = await createRow({ Version: { number: 2 }, Active: { checkbox: true } });
    expect(page.parent).toEqual({
      type: 'data_source_id',
      data_source_id: fx.demo.dataSourceId,
      database_id: fx.demo.databaseId,
    });
    expect(page.properties.Version).toMatchObject({ type: 'number', number: 2 });
    expect(page.properties.Active).toMatchObject({ type: 'checkbox', checkbox: true });
  });

  it('creates a row through a database parent that has one data source', async () => {
    const page = await fx.notion.pages.create({
      parent: { database_id: fx.demo.databaseId },
      properties: { Name: { title: text('Via database') } },
    });
    expect(page).toMatchObject({ parent: { data_source_id: fx.demo.dataSourceId } });
  });

  it('floors created_time and last_edited_time to the minute', async () => {
    const page = await createRow();
    expect(page.created_time).toBe('2025-06-01T10:00:00.000Z');
    fx.emulator.control.advanceClock(20_000);
    const edited = await fx.notion.pages.update({
      page_id: page.id,
      properties: { Version: { number: 9 } },
    });
    expect(edited).toMatchObject({ last_edited_time: '2025-06-01T10:00:00.000Z' });
    fx.emulator.control.advanceClock(60_000);
    const later = await fx.notion.pages.update({
      page_id: page.id,
      properties: { Version: { number: 10 } },
    });
    expect(later).toMatchObject({ last_edited_time: '2025-06-01T10:01:00.000Z' });
  });

  it('attributes API writes to the bot and control-surface edits to a person', async () => {
    const page = await createRow();
    expect(page.last_edited_by.id).toBe(fx.workspace.botUserId);
    fx.emulator.control.editPageAsHuman(page.id, { properties: { Version: { number: 7 } } });
    const read = await fx.notion.pages.retrieve({ page_id: page.id });
    expect(read).toMatchObject({
      last_edited_by: { id: fx.workspace.personUserId },
      properties: { Version: { number: 7 } },
    });
  });

  it('refuses a value of the wrong type with a validation_error naming the property', async () => {
    const error = await captureError(createRow({ Version: { number: 'seven' } }));
    expect(error.status).toBe(400);
    expect(error.code).toBe('validation_error');
    expect(error.message).toContain('body.properties.Version.number');
  });

  it('refuses a value written under another type’s key, naming the property', async () => {
    const error = await captureError(createRow({ Version: { rich_text: text('1') } }));
    expect(error.message).toBe('Version is expected to be number.');
  });

  it('refuses an unknown property name', async () => {
    const error = await captureError(createRow({ Colour: { rich_text: text('red') } }));
    expect(error.code).toBe('validation_error');
    expect(error.message).toBe('Colour is not a property that exists.');
  });

  it('refuses writes to read-only properties', async () => {
    const error = await captureError(
      createRow({ Created: { created_time: '2020-01-01T00:00:00.000Z' } }),
    );
    expect(error.code).toBe('validation_error');
    expect(error.message).toContain('Created');
    expect(error.message).toContain('read-only');
  });

  it('leaves the page unchanged when one property of a write is invalid', async () => {
    const page = await createRow({ Version: { number: 1 } });
    await captureError(
      fx.notion.pages.update({
        page_id: page.id,
        properties: { Version: { number: 2 }, Email: { email: 5 } } as never,
      }),
    );
    const read = await fx.notion.pages.retrieve({ page_id: page.id });
    expect(read).toMatchObject({ properties: { Version: { number: 1 } } });
  });

  it('creates select options for new names the way Notion does', async () => {
    const page = await createRow({
      Role: { select: { name: 'soil_scientist' } },
      Capabilities: { multi_select: [{ name: 'compost' }, { name: 'mulch' }] },
    });
    expect(page.properties.Role).toMatchObject({ select: { name: 'soil_scientist' } });
    const schema = await fx.notion.dataSources.retrieve({ data_source_id: fx.demo.dataSourceId });
    const role = schema.properties.Role;
    expect(role?.type === 'select' ? role.select.options.map((o) => o.name) : []).toContain(
      'soil_scientist',
    );
  });

  it('refuses a status name that is not an option', async () => {
    const error = await captureError(createRow({ Status: { status: { name: 'Invented' } } }));
    expect(error.code).toBe('validation_error');
    expect(error.message).toContain('body.properties.Status.status');
  });

  it('refuses a select name with a comma', async () => {
    const error = await captureError(createRow({ Role: { select: { name: 'a,b' } } }));
    expect(error.message).toContain('body.properties.Role.select.name');
  });

  it('stores dates, urls, emails and phone numbers as sent', async () => {
    const page = await createRow({
      'Updated At': { date: { start: '2025-05-01T12:00:00.000Z' } },
      Website: { url: 'https://eco.example' },
      Email: { email: 'a@eco.example' },
      Phone: { phone_number: '+41 00 000' },
    });
    expect(page.properties['Updated At']).toMatchObject({
      date: { start: '2025-05-01T12:00:00.000Z', end: null, time_zone: null },
    });
    expect(page.properties.Website).toMatchObject({ url: 'https://eco.example' });
    expect(page.properties.Phone).toMatchObject({ phone_number: '+41 00 000' });
  });

  it('refuses a date that is not ISO 8601', async () => {
    const error = await captureError(createRow({ 'Updated At': { date: { start: 'tomorrow' } } }));
    expect(error.message).toContain('body.properties.Updated At.date.start');
  });

  it('returns only the properties listed in filter_properties', async () => {
    const page = await createRow({ Version: { number: 4 } });
    const schema = await fx.notion.dataSources.retrieve({ data_source_id: fx.demo.dataSourceId });
    const versionId = schema.properties.Version?.id ?? '';
    const read = await fx.notion.pages.retrieve({
      page_id: page.id,
      filter_properties: [versionId],
    });
    expect(Object.keys(isFullPage(read) ? read.properties : {})).toEqual(['Version']);
  });

  it('caps relations at 25 on reads and serves the rest from the property endpoint', async () => {
    const targets = await Promise.all(Array.from({ length: 30 }, () => createRow()));
    const page = await createRow({ Related: { relation: targets.map((t) => ({ id: t.id })) } });
    const related = page.properties.Related;
    expect(related).toMatchObject({ type: 'relation', has_more: true });
    expect(related?.type === 'relation' ? related.relation : []).toHaveLength(25);
    const first = await fx.notion.pages.properties.retrieve({
      page_id: page.id,
      property_id: related?.id ?? '',
      page_size: 20,
    });
    expect(first).toMatchObject({ object: 'list', type: 'property_item', has_more: true });
    const rest = await fx.notion.pages.properties.retrieve({
      page_id: page.id,
      property_id: related?.id ?? '',
      start_cursor: first.object === 'list' ? (first.next_cursor ?? undefined) : undefined,
    });
    expect(rest.object === 'list' ? rest.results.length : 0).toBe(10);
  });

  it('serves a scalar property from the property endpoint as one property item', async () => {
    const page = await createRow({ Version: { number: 12 } });
    const item = await fx.notion.pages.properties.retrieve({
      page_id: page.id,
      property_id: page.properties.Version?.id ?? '',
    });
    expect(item).toMatchObject({ object: 'property_item', type: 'number', number: 12 });
  });

  it('creates a child page under a page with only a title', async () => {
    const child = await fx.notion.pages.create({
      parent: { page_id: fx.workspace.parentPageId },
      properties: { title: { title: text('Notes') } },
    });
    expect(child).toMatchObject({
      parent: { type: 'page_id', page_id: fx.workspace.parentPageId },
    });
    const error = await captureError(
      fx.notion.pages.create({
        parent: { page_id: fx.workspace.parentPageId },
        properties: { Version: { number: 1 } },
      }),
    );
    expect(error.message).toBe('Version is not a property that exists.');
  });
});
