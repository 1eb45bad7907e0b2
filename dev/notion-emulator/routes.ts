import { appendChildren, deleteBlock, getBlock, listChildren, updateBlock } from './blocks';
import { getDataSource, queryDataSource, updateDataSource } from './data-sources';
import { createDatabase, getDatabase, updateDatabase } from './databases';
import { getPageProperty } from './page-properties';
import { createPage, getPage, updatePage } from './pages';
import { route, type Route } from './router';
import { search } from './search';
import { getSelf, getUser, listUsers } from './users';

let table: Route[] | undefined;

/** Every Notion endpoint the emulator serves; `users/me` precedes `users/:user_id`. */
export function notionRoutes(): Route[] {
  table ??= [
    route('GET', '/v1/users/me', getSelf),
    route('GET', '/v1/users/:user_id', getUser),
    route('GET', '/v1/users', listUsers),
    route('POST', '/v1/databases', createDatabase),
    route('GET', '/v1/databases/:database_id', getDatabase),
    route('PATCH', '/v1/databases/:database_id', updateDatabase),
    route('GET', '/v1/data_sources/:data_source_id', getDataSource),
    route('PATCH', '/v1/data_sources/:data_source_id', updateDataSource),
    route('POST', '/v1/data_sources/:data_source_id/query', queryDataSource),
    route('POST', '/v1/pages', createPage),
    route('GET', '/v1/pages/:page_id', getPage),
    route('PATCH', '/v1/pages/:page_id', updatePage),
    route('GET', '/v1/pages/:page_id/properties/:property_id', getPageProperty),
    route('GET', '/v1/blocks/:block_id', getBlock),
    route('PATCH', '/v1/blocks/:block_id', updateBlock),
    route('DELETE', '/v1/blocks/:block_id', deleteBlock),
    route('GET', '/v1/blocks/:block_id/children', listChildren),
    route('PATCH', '/v1/blocks/:block_id/children', appendChildren),
    route('POST', '/v1/search', search),
  ];
  return table;
}
