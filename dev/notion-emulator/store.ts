import { randomBytes } from 'node:crypto';

import { newId } from './ids';
import { plainRichText } from './rich-text';
import type {
  DataSourceRecord,
  DatabaseRecord,
  PageRecord,
  StoredObject,
  UserRecord,
  WorkspaceRecord,
} from './model';

/** The in-memory state of every workspace: objects by id, users, and tokens. */
export class EmulatorStore {
  readonly workspaces = new Map<string, WorkspaceRecord>();
  readonly users = new Map<string, UserRecord>();
  private readonly objects = new Map<string, StoredObject>();
  private readonly workspaceByToken = new Map<string, string>();

  /** Creates a workspace with its bot, one person, and a top-level page to share. */
  createWorkspace(name: string, nowMs: number): WorkspaceRecord {
    const workspace: WorkspaceRecord = {
      id: newId(),
      name,
      token: `ntn_${randomBytes(24).toString('hex')}`,
      botUserId: newId(),
      personUserId: newId(),
      parentPageId: newId(),
    };
    this.workspaces.set(workspace.id, workspace);
    this.workspaceByToken.set(workspace.token, workspace.id);
    this.users.set(workspace.botUserId, {
      id: workspace.botUserId,
      workspaceId: workspace.id,
      type: 'bot',
      name: `${name} integration`,
    });
    this.users.set(workspace.personUserId, {
      id: workspace.personUserId,
      workspaceId: workspace.id,
      type: 'person',
      name: 'Demo Person',
      email: 'person@example.com',
    });
    this.put(rootPage(workspace, nowMs));
    return workspace;
  }

  /** Adds a saved workspace back with its token; its users and objects return separately. */
  restoreWorkspace(workspace: WorkspaceRecord): void {
    this.workspaces.set(workspace.id, workspace);
    this.workspaceByToken.set(workspace.token, workspace.id);
  }

  workspaceForToken(token: string): WorkspaceRecord | undefined {
    const id = this.workspaceByToken.get(token);
    return id === undefined ? undefined : this.workspaces.get(id);
  }

  put(record: StoredObject): void {
    this.objects.set(record.id, record);
  }

  /** The object with `id` in `workspaceId`; others' objects are invisible, as unshared ones are. */
  find(id: string, workspaceId: string): StoredObject | undefined {
    const record = this.objects.get(id);
    return record?.workspaceId === workspaceId ? record : undefined;
  }

  /** The object with `id` whatever its workspace; for internal links only, never for a request. */
  lookup(id: string): StoredObject | undefined {
    return this.objects.get(id);
  }

  /** Every object of a workspace, in creation order. */
  *objectsOf(workspaceId: string): Iterable<StoredObject> {
    for (const record of this.objects.values()) {
      if (record.workspaceId === workspaceId) {
        yield record;
      }
    }
  }

  /** The object's parent, following a data-source row to its data source. */
  parentOf(record: StoredObject): StoredObject | undefined {
    if (record.kind === 'data_source') {
      return this.objects.get(record.databaseId);
    }
    const parent = record.parent;
    return parent.type === 'workspace' ? undefined : this.objects.get(parent.id);
  }

  /** Whether the object or any of its ancestors is in the trash. */
  isTrashed(record: StoredObject): boolean {
    let current: StoredObject | undefined = record;
    for (let depth = 0; current !== undefined && depth < 64; depth += 1) {
      if (current.inTrash) {
        return true;
      }
      current = this.parentOf(current);
    }
    return false;
  }

  databaseOf(dataSource: DataSourceRecord): DatabaseRecord | undefined {
    const record = this.objects.get(dataSource.databaseId);
    return record?.kind === 'database' ? record : undefined;
  }

  clear(): void {
    this.workspaces.clear();
    this.users.clear();
    this.objects.clear();
    this.workspaceByToken.clear();
  }
}

function rootPage(workspace: WorkspaceRecord, nowMs: number): PageRecord {
  return {
    kind: 'page',
    id: workspace.parentPageId,
    workspaceId: workspace.id,
    createdMs: nowMs,
    editedMs: nowMs,
    createdBy: workspace.personUserId,
    editedBy: workspace.personUserId,
    inTrash: false,
    parent: { type: 'workspace' },
    values: { title: plainRichText(`${workspace.name} home`) },
    children: [],
    icon: null,
    cover: null,
    uniqueNumber: 0,
  };
}
