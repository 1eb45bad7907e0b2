/** Notion's request limits (developers.notion.com/reference/request-limits). */
export const limits = {
  richTextContent: 2000,
  linkUrl: 2000,
  equationExpression: 1000,
  arrayItems: 100,
  url: 2000,
  email: 200,
  phoneNumber: 200,
  optionName: 100,
  // Notion documents "500KB"; the smaller reading (500,000 bytes) keeps clients honest.
  bodyBytes: 500_000,
  blocksPerRequest: 1000,
  childrenPerAppend: 100,
  appendNestingLevels: 2,
  pageSize: 100,
  queryResultCap: 10_000,
  // Reads carry at most 25 relation or people items; the rest come from the property endpoint.
  readItemsCap: 25,
} as const;
