/**
 * The columns `keys` of an aliased subquery as an outer query selects them (`alias.column`),
 * typed as the subquery selected them: what the outer select of a lateral join lists. Selecting
 * the subquery object itself would embed it as a scalar subquery instead.
 */
export function subqueryColumns<Subquery extends object, Key extends keyof Subquery & string>(
  subquery: Subquery,
  keys: readonly Key[],
): Pick<Subquery, Key> {
  const columns = {} as Pick<Subquery, Key>;
  for (const key of keys) {
    columns[key] = subquery[key];
  }
  return columns;
}
