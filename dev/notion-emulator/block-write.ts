import type { ApiContext } from './context';
import { quote, validationError } from './errors';
import { newId } from './ids';
import { limits } from './limits';
import type { BlockRecord, Json, JsonObject, ParentRef } from './model';
import { normalizeRichText } from './rich-text';
import { expectArray, expectObject } from './validation';

/** Block types the emulator stores; their payloads are kept as sent, rich text normalised. */
export const blockTypes: ReadonlySet<string> = new Set([
  'paragraph',
  'heading_1',
  'heading_2',
  'heading_3',
  'bulleted_list_item',
  'numbered_list_item',
  'to_do',
  'toggle',
  'quote',
  'callout',
  'code',
  'divider',
  'bookmark',
  'equation',
  'embed',
  'image',
  'table_of_contents',
  'breadcrumb',
]);

type BuildContext = Pick<ApiContext, 'clock' | 'actorId' | 'workspace'>;

interface BuildState {
  context: BuildContext;
  built: BlockRecord[];
}

/**
 * Validates a request's `children` (at most 100, nested at most two levels, 1,000 blocks in all)
 * and returns the new blocks, parents before children, without storing them.
 */
export function buildBlocks(
  raw: Json | undefined,
  parent: ParentRef,
  path: string,
  context: BuildContext,
): BlockRecord[] {
  const state: BuildState = { context, built: [] };
  buildLevel(raw, parent, path, 1, state);
  if (state.built.length > limits.blocksPerRequest) {
    throw validationError(
      `${path} should hold ≤ \`${limits.blocksPerRequest}\` blocks in all, ` +
        `instead was \`${state.built.length}\`.`,
    );
  }
  return state.built;
}

function buildLevel(
  raw: Json | undefined,
  parent: ParentRef,
  path: string,
  level: number,
  state: BuildState,
): string[] {
  const items = expectArray(raw, path, limits.childrenPerAppend);
  return items.map((item, index) => buildBlock(item, parent, `${path}[${index}]`, level, state));
}

function buildBlock(
  raw: Json,
  parent: ParentRef,
  path: string,
  level: number,
  state: BuildState,
): string {
  const block = expectObject(raw, path);
  const type = blockTypeOf(block, path);
  const payload = expectObject(block[type] ?? {}, `${path}.${type}`);
  const now = state.context.clock.now();
  const record: BlockRecord = {
    kind: 'block',
    id: newId(),
    workspaceId: state.context.workspace.id,
    createdMs: now,
    editedMs: now,
    createdBy: state.context.actorId,
    editedBy: state.context.actorId,
    inTrash: false,
    parent,
    type,
    content: blockContent(type, payload, `${path}.${type}`),
    children: [],
  };
  state.built.push(record);
  const nested = payload.children ?? block.children;
  if (nested !== undefined) {
    if (level >= limits.appendNestingLevels) {
      throw validationError(
        `${path}.${type}.children should be not present: ` +
          'blocks nest at most two levels in one request.',
      );
    }
    const childParent: ParentRef = { type: 'block_id', id: record.id };
    record.children = buildLevel(nested, childParent, `${path}.${type}.children`, level + 1, state);
  }
  return record.id;
}

function blockTypeOf(block: JsonObject, path: string): string {
  const declared = typeof block.type === 'string' ? block.type : undefined;
  const type = declared ?? Object.keys(block).find((key) => blockTypes.has(key));
  if (type === undefined || !blockTypes.has(type)) {
    throw validationError(
      `${path} should be a supported block type, ` +
        `instead was ${quote(declared ?? Object.keys(block))}.`,
    );
  }
  return type;
}

/** A block payload in response shape: rich text normalised, defaults filled in. */
export function blockContent(type: string, payload: JsonObject, path: string): JsonObject {
  const content: JsonObject = {};
  for (const [key, value] of Object.entries(payload)) {
    if (key === 'children') {
      continue;
    }
    content[key] =
      key === 'rich_text' || key === 'caption' ? normalizeRichText(value, `${path}.${key}`) : value;
  }
  if (hasText(type) && content.rich_text === undefined) {
    content.rich_text = [];
  }
  if (hasText(type) && type !== 'code' && content.color === undefined) {
    content.color = 'default';
  }
  if (type === 'to_do' && content.checked === undefined) {
    content.checked = false;
  }
  if (type === 'code' && content.language === undefined) {
    content.language = 'plain text';
  }
  return content;
}

function hasText(type: string): boolean {
  return ![
    'divider',
    'bookmark',
    'equation',
    'embed',
    'image',
    'table_of_contents',
    'breadcrumb',
  ].includes(type);
}
