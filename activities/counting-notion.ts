import type { SyncNotion } from './sync-notion';

/** A request tally of one activity call. */
export interface RequestTally {
  requests: number;
}

/** Wraps `notion` so that each call, failed or not, adds one to `tally.requests`. */
export function countingNotion(notion: SyncNotion, tally: RequestTally): SyncNotion {
  function counted<Args extends unknown[], R>(call: (...args: Args) => Promise<R>) {
    return (...args: Args): Promise<R> => {
      tally.requests += 1;
      return call(...args);
    };
  }
  return {
    queryChangedPages: counted(notion.queryChangedPages.bind(notion)),
    findPageByText: counted(notion.findPageByText.bind(notion)),
    findPagesByText: counted(notion.findPagesByText.bind(notion)),
    retrievePage: counted(notion.retrievePage.bind(notion)),
    createPage: counted(notion.createPage.bind(notion)),
    updatePage: counted(notion.updatePage.bind(notion)),
    ensureProperties: counted(notion.ensureProperties.bind(notion)),
  };
}
