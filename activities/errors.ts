/** A record holds a value one side cannot take; retrying cannot help, so it fails alone. */
export class RecordValueError extends Error {
  override readonly name = 'RecordValueError';
  readonly localId: string | undefined;
  readonly pageId: string | undefined;

  constructor(message: string, ids: { localId?: string; pageId?: string }, cause?: unknown) {
    super(message, { cause });
    this.localId = ids.localId;
    this.pageId = ids.pageId;
  }
}

/** The row changed between the read and the write; the next attempt plans it again. */
export class LocalChangedError extends Error {
  override readonly name = 'LocalChangedError';
  readonly localId: string;

  constructor(localId: string) {
    super(`Row ${localId} changed while it was being synced`);
    this.localId = localId;
  }
}

/** A run names a mapping this worker does not know. */
export class UnknownMappingError extends Error {
  override readonly name = 'UnknownMappingError';
  readonly mapping: string;

  constructor(mapping: string) {
    super(`No sync mapping is registered under "${mapping}"`);
    this.mapping = mapping;
  }
}

/** A conflict cannot be resolved: unknown, already resolved, or the resolution does not fit it. */
export class ConflictResolutionError extends Error {
  override readonly name = 'ConflictResolutionError';
  readonly conflictId: string;

  constructor(conflictId: string, problem: string) {
    super(`Conflict ${conflictId} cannot be resolved: ${problem}`);
    this.conflictId = conflictId;
  }
}
