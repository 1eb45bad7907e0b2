import type { Db } from './client';

/** The prepared statements built for each database handle, by name. */
const preparedByDb = new WeakMap<Db, Map<string, unknown>>();

/**
 * The prepared statement `name` of `db`, built by `prepare` on first use and kept as long as
 * the handle lives. PostgreSQL then parses and plans it once per connection. `name` must stand
 * for one statement text: it is the name the server knows the statement by.
 */
export function preparedStatement<Statement>(
  db: Db,
  name: string,
  prepare: (name: string) => Statement,
): Statement {
  let statements = preparedByDb.get(db);
  if (statements === undefined) {
    statements = new Map();
    preparedByDb.set(db, statements);
  }
  if (!statements.has(name)) {
    statements.set(name, prepare(name));
  }
  return statements.get(name) as Statement;
}

/** A key for a set of yes/no flags, such as which filters a query has: `1` or `0` per flag. */
export function flagsKey<Flags extends { [Name in keyof Flags]: boolean }>(flags: Flags): string {
  return Object.values<boolean>(flags)
    .map((isSet) => (isSet ? '1' : '0'))
    .join('');
}
