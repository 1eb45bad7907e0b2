import { blockContent, blockTypes, buildBlocks } from './block-write';
import type { ApiContext, ApiHandler } from './context';
import { hasArchivedAlias } from './context';
import { notFound, quote, trashedError, validationError } from './errors';
import { normalizeId } from './ids';
import { pathId, requestedTrash, requireBlockLike } from './lookup';
import type { BlockRecord, DatabaseRecord, JsonObject, PageRecord, ParentRef } from './model';
import { touch } from './page-write';
import { listBody, paginate, readQueryPageRequest } from './pagination';
import { renderBlock } from './serialize';
import { expectObject, isObject, textOf } from './validation';

type BlockLike = BlockRecord | PageRecord | DatabaseRecord;

/** GET /v1/blocks/{block_id}. */
export const getBlock: ApiHandler = (context) =>
  renderBlock(requireBlockLike(context, pathId(context, 'block_id')), context);

/** PATCH /v1/blocks/{block_id}: the block's content of its own type, or its trash flag. */
export const updateBlock: ApiHandler = (context) => {
  const record = requireBlockLike(context, pathId(context, 'block_id'));
  const trash = requestedTrash(context);
  if (trash === false) {
    record.inTrash = false;
  }
  const type = Object.keys(context.body).find((key) => blockTypes.has(key));
  if (type !== undefined) {
    if (context.store.isTrashed(record)) {
      throw trashedError();
    }
    updateContent(record, type, context.body[type]);
  }
  record.inTrash = trash ?? record.inTrash;
  touch(record, context);
  return renderBlock(record, context);
};

/** DELETE /v1/blocks/{block_id}: moves a block or page to the trash; nothing is erased. */
export const deleteBlock: ApiHandler = (context) => {
  const record = requireBlockLike(context, pathId(context, 'block_id'));
  if (record.inTrash) {
    throw trashedError();
  }
  record.inTrash = true;
  touch(record, context);
  return renderBlock(record, context);
};

/** GET /v1/blocks/{block_id}/children: the block's children that are not in the trash. */
export const listChildren: ApiHandler = (context) => {
  const record = requireBlockLike(context, pathId(context, 'block_id'));
  const children = childrenOf(record, context).filter((child) => !child.inTrash);
  const scope = `children:${record.id}`;
  const page = paginate(children, readQueryPageRequest(context.query, scope), scope);
  return listBody(
    { ...page, results: page.results.map((child) => renderBlock(child, context)) },
    'block',
  );
};

/** PATCH /v1/blocks/{block_id}/children: appends up to 100 blocks, at the end or a position. */
export const appendChildren: ApiHandler = (context) => {
  const record = requireBlockLike(context, pathId(context, 'block_id'));
  if (record.kind === 'database') {
    throw validationError('Block does not support children.');
  }
  if (context.store.isTrashed(record)) {
    throw trashedError();
  }
  const index = insertIndex(record, context);
  const parent: ParentRef = {
    type: record.kind === 'page' ? 'page_id' : 'block_id',
    id: record.id,
  };
  const built = buildBlocks(context.body.children, parent, 'body.children', context);
  built.forEach((block) => context.store.put(block));
  const topLevel = built.filter((block) => isChildOf(block, record.id));
  record.children.splice(index, 0, ...topLevel.map((block) => block.id));
  touch(record, context);
  const results = topLevel.map((block) => renderBlock(block, context));
  return listBody({ results, next_cursor: null, has_more: false }, 'block');
};

function isChildOf(block: BlockRecord, parentId: string): boolean {
  return block.parent.type !== 'workspace' && block.parent.id === parentId;
}

function updateContent(record: BlockLike, type: string, raw: unknown): void {
  if (record.kind !== 'block' || record.type !== type) {
    const current = record.kind === 'block' ? record.type : `child_${record.kind}`;
    throw validationError(`body.${type} does not match the block's type ${quote(current)}.`);
  }
  const payload = expectObject(raw, `body.${type}`);
  record.content = blockContent(type, { ...record.content, ...payload }, `body.${type}`);
}

function childrenOf(record: BlockLike, context: ApiContext): BlockLike[] {
  if (record.kind === 'database') {
    return [];
  }
  return record.children.flatMap((id) => {
    const child = context.store.find(id, context.workspace.id);
    return child === undefined || child.kind === 'data_source' ? [] : [child];
  });
}

function insertIndex(record: BlockRecord | PageRecord, context: ApiContext): number {
  const { body } = context;
  if (body.after !== undefined && !hasArchivedAlias(context)) {
    throw validationError('body.after should be not present on 2026-03-11; use body.position.');
  }
  const position: JsonObject | undefined = isObject(body.position) ? body.position : undefined;
  if (position?.type === 'start') {
    return 0;
  }
  const afterId = textOf(
    body.after ?? (isObject(position?.after_block) ? position.after_block.id : undefined),
  );
  if (afterId === '') {
    return record.children.length;
  }
  const at = record.children.indexOf(normalizeId(afterId) ?? afterId);
  if (at < 0) {
    throw notFound('block', afterId);
  }
  return at + 1;
}
