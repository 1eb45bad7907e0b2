import { samePropertyId } from './ids';
import type { DataSourceRecord, PropertySchema } from './model';

/** The property a request names, by name first and then by (percent-encoded or not) id. */
export function findProperty(
  dataSource: DataSourceRecord,
  nameOrId: string,
): PropertySchema | undefined {
  return (
    dataSource.properties.find((property) => property.name === nameOrId) ??
    dataSource.properties.find((property) => samePropertyId(property.id, nameOrId))
  );
}
