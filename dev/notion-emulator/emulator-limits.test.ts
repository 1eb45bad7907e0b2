import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { captureError, startFixture, text, type EmulatorFixture } from './emulator-fixture';

let fx: EmulatorFixture;

beforeAll(async () => {
  fx = await startFixture();
});

afterAll(async () => {
  await fx.emulator.close();
});

function createRow(properties: Record<string, unknown>) {
  return fx.notion.pages.create({
    parent: { data_source_id: fx.demo.dataSourceId },
    properties: properties as never,
  });
}

function paragraphs(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    paragraph: { rich_text: text(`Paragraph ${i}`) },
  }));
}

describe('Notion emulator size limits', () => {
  it('accepts rich text of exactly 2,000 characters', async () => {
    const page = await createRow({ Description: { rich_text: text('x'.repeat(2000)) } });
    expect(page.id).toBeTruthy();
  });

  it('refuses rich text content over 2,000 characters, naming the field', async () => {
    const error = await captureError(
      createRow({ Description: { rich_text: text('x'.repeat(2001)) } }),
    );
    expect(error.code).toBe('validation_error');
    expect(error.message).toContain('body.properties.Description.rich_text[0].text.content.length');
    expect(error.message).toContain('2000');
  });

  it('refuses a title over 2,000 characters, naming the field', async () => {
    const error = await captureError(createRow({ Name: { title: text('t'.repeat(2001)) } }));
    expect(error.message).toContain('body.properties.Name.title[0].text.content.length');
  });

  it('refuses a link url over 2,000 characters, naming the field', async () => {
    const link = { url: `https://e.example/${'p'.repeat(2000)}` };
    const error = await captureError(
      createRow({ Description: { rich_text: [{ text: { content: 'x', link } }] } }),
    );
    expect(error.message).toContain('body.properties.Description.rich_text[0].text.link.url');
  });

  it('refuses a rich text array of more than 100 items, naming the field', async () => {
    const items = Array.from({ length: 101 }, () => ({ text: { content: 'a' } }));
    const error = await captureError(createRow({ Description: { rich_text: items } }));
    expect(error.message).toContain(
      'body.properties.Description.rich_text.length should be ≤ `100`',
    );
  });

  it('refuses a multi-select of more than 100 options, naming the field', async () => {
    const options = Array.from({ length: 101 }, (_, i) => ({ name: `tag${i}` }));
    const error = await captureError(createRow({ Capabilities: { multi_select: options } }));
    expect(error.message).toContain('body.properties.Capabilities.multi_select.length');
  });

  it('refuses a relation of more than 100 pages, naming the field', async () => {
    const ids = Array.from({ length: 101 }, () => ({ id: crypto.randomUUID() }));
    const error = await captureError(createRow({ Related: { relation: ids } }));
    expect(error.message).toContain('body.properties.Related.relation.length');
  });

  it('refuses a url over 2,000 characters, naming the field', async () => {
    const error = await captureError(
      createRow({ Website: { url: `https://e.example/${'u'.repeat(2000)}` } }),
    );
    expect(error.message).toContain('body.properties.Website.url.length should be ≤ `2000`');
  });

  it('refuses an email over 200 characters, naming the field', async () => {
    const error = await captureError(createRow({ Email: { email: `${'e'.repeat(200)}@x.io` } }));
    expect(error.message).toContain('body.properties.Email.email.length should be ≤ `200`');
  });

  it('refuses a phone number over 200 characters, naming the field', async () => {
    const error = await captureError(createRow({ Phone: { phone_number: '1'.repeat(201) } }));
    const expected = 'body.properties.Phone.phone_number.length should be ≤ `200`';
    expect(error.message).toContain(expected);
  });

  it('refuses a body over 500 KB, naming the body', async () => {
    const huge = Array.from({ length: 100 }, () => ({ text: { content: 'z'.repeat(2000) } }));
    const properties = Object.fromEntries(
      Array.from({ length: 3 }, (_, i) => [`P${i}`, { rich_text: huge }]),
    );
    const error = await captureError(createRow(properties));
    expect(error.code).toBe('validation_error');
    expect(error.message).toContain('body.length should be ≤ `500000` bytes');
  });

  it('appends exactly 100 children', async () => {
    const list = await fx.notion.blocks.children.append({
      block_id: fx.workspace.parentPageId,
      children: paragraphs(100),
    });
    expect(list.results).toHaveLength(100);
  });

  it('refuses more than 100 children in one append, naming the field', async () => {
    const error = await captureError(
      fx.notion.blocks.children.append({
        block_id: fx.workspace.parentPageId,
        children: paragraphs(101),
      }),
    );
    expect(error.message).toContain('body.children.length should be ≤ `100`, instead was `101`');
  });

  it('refuses children nested more than two levels in one append', async () => {
    const deep = {
      toggle: {
        rich_text: text('1'),
        children: [
          { toggle: { rich_text: text('2'), children: [{ paragraph: { rich_text: text('3') } }] } },
        ],
      },
    };
    const error = await captureError(
      fx.notion.blocks.children.append({
        block_id: fx.workspace.parentPageId,
        children: [deep] as never,
      }),
    );
    expect(error.message).toContain('body.children[0].toggle.children[0].toggle.children');
  });

  it('refuses more than 1,000 blocks in one request', async () => {
    const nested = Array.from({ length: 11 }, () => ({
      toggle: { rich_text: text('group'), children: paragraphs(100) },
    }));
    const error = await captureError(
      fx.notion.blocks.children.append({
        block_id: fx.workspace.parentPageId,
        children: nested,
      }),
    );
    expect(error.message).toContain('1000');
  });

  it('refuses page_size over 100, naming the field', async () => {
    const error = await captureError(
      fx.notion.dataSources.query({ data_source_id: fx.demo.dataSourceId, page_size: 101 }),
    );
    expect(error.message).toContain('body.page_size should be ≤ `100`');
  });
});
