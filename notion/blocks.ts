import {
  isFullBlock,
  type BlockObjectRequest,
  type BlockObjectResponse,
  type UpdateBlockParameters,
} from '@notionhq/client';

import { NotionResponseError } from './errors';
import type { CallOptions, NotionContext } from './notion-context';

/** Notion takes at most this many children in one append. */
export const maxChildrenPerAppend = 100;

type OmitEach<Union, Key extends PropertyKey> = Union extends unknown ? Omit<Union, Key> : never;

/** A block's new content, e.g. `{ paragraph: { rich_text: [...] } }`, without its id. */
export type BlockContent = OmitEach<UpdateBlockParameters, 'block_id'>;

/**
 * Appends blocks to a page or block, in order, in requests of at most 100 children; `n` blocks cost
 * `ceil(n / 100)` requests. A failure stops the append and leaves the earlier chunks in place.
 */
export async function appendBlocks(
  ctx: NotionContext,
  blockId: string,
  blocks: readonly BlockObjectRequest[],
  options: CallOptions = {},
): Promise<BlockObjectResponse[]> {
  const appended: BlockObjectResponse[] = [];
  for (let start = 0; start < blocks.length; start += maxChildrenPerAppend) {
    const children = blocks.slice(start, start + maxChildrenPerAppend);
    const response = await ctx.call(
      (client) => client.blocks.children.append({ block_id: blockId, children }),
      options.signal,
    );
    appended.push(...response.results.map(fullBlock));
  }
  return appended;
}

/** Replaces a block's content. */
export async function updateBlock(
  ctx: NotionContext,
  blockId: string,
  content: BlockContent,
  options: CallOptions = {},
): Promise<BlockObjectResponse> {
  const updated = await ctx.call(
    (client) => client.blocks.update({ ...content, block_id: blockId }),
    options.signal,
  );
  return fullBlock(updated);
}

/** Yields the children of a page or block, following pagination. */
export async function* listBlockChildren(
  ctx: NotionContext,
  blockId: string,
  options: CallOptions = {},
): AsyncGenerator<BlockObjectResponse> {
  let cursor: string | undefined;
  do {
    const response = await ctx.call(
      (client) => client.blocks.children.list({ block_id: blockId, start_cursor: cursor }),
      options.signal,
    );
    yield* response.results.map(fullBlock);
    cursor = response.next_cursor ?? undefined;
  } while (cursor !== undefined);
}

/** Moves a block (or a page, which is a block too) to the trash. */
export async function deleteBlock(
  ctx: NotionContext,
  blockId: string,
  options: CallOptions = {},
): Promise<void> {
  await ctx.call((client) => client.blocks.delete({ block_id: blockId }), options.signal);
}

function fullBlock(response: { id: string; object: string }): BlockObjectResponse {
  if (!isFullBlock(response as BlockObjectResponse)) {
    throw new NotionResponseError(response.id, 'a partial block');
  }
  return response as BlockObjectResponse;
}
