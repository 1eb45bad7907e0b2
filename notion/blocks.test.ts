import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import {
  collect,
  startIntegrationFixture,
  titleValue,
  type IntegrationFixture,
} from './integration-fixture';

let fx: IntegrationFixture;
let pageId: string;

beforeAll(async () => {
  fx = await startIntegrationFixture();
  const page = await fx.notion.createPage(
    { page_id: fx.workspace.parentPageId },
    { title: titleValue('Blocks') },
  );
  pageId = page.id;
});

afterAll(async () => {
  await fx.emulator.close();
});

beforeEach(() => {
  fx.emulator.control.clearRequestLog();
});

function paragraph(text: string) {
  return { paragraph: { rich_text: [{ type: 'text' as const, text: { content: text } }] } };
}

function textOf(block: { type: string } & Record<string, unknown>): string {
  const content = block[block.type] as { rich_text: { plain_text: string }[] };
  return content.rich_text.map((run) => run.plain_text).join('');
}

describe('Notion blocks through the integration', () => {
  it('appends 250 blocks in order with three requests of at most 100', async () => {
    const blocks = Array.from({ length: 250 }, (_, i) => paragraph(`line ${i}`));
    const appended = await fx.notion.appendBlocks(pageId, blocks);
    expect(appended).toHaveLength(250);
    expect(fx.emulator.control.routeCounts()).toEqual({ 'PATCH /v1/blocks/:block_id/children': 3 });

    const children = await collect(fx.notion.listBlockChildren(pageId));
    expect(children.map(textOf)).toEqual(blocks.map((_, i) => `line ${i}`));
  });

  it('replaces the content of a block', async () => {
    const [block] = await fx.notion.appendBlocks(pageId, [paragraph('before')]);
    const updated = await fx.notion.updateBlock(block!.id, paragraph('after'));
    expect(textOf(updated)).toBe('after');
  });

  it('moves a block to the trash', async () => {
    const [block] = await fx.notion.appendBlocks(pageId, [paragraph('doomed')]);
    await fx.notion.deleteBlock(block!.id);
    const children = await collect(fx.notion.listBlockChildren(pageId));
    expect(children.map((child) => child.id)).not.toContain(block!.id);
  });
});
