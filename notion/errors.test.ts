import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { NotionErrorCode } from '../dev/notion-emulator/error-codes';
import {
  NotionApiError,
  NotionCredentialsError,
  NotionNotFoundError,
  NotionRateLimitedError,
  NotionValidationError,
} from './errors';
import {
  startIntegrationFixture,
  titleValue,
  type IntegrationFixture,
} from './integration-fixture';
import { toNotionError } from './to-notion-error';

let fx: IntegrationFixture;
let pageId: string;

beforeAll(async () => {
  fx = await startIntegrationFixture();
  const page = await fx.notion.createDatabaseEntry(fx.demo.dataSourceId, {
    Name: titleValue('limits'),
  });
  pageId = page.id;
});

afterAll(async () => {
  await fx.emulator.close();
});

beforeEach(() => {
  fx.emulator.control.clearFaults();
});

const codes: [number, NotionErrorCode, typeof NotionApiError, boolean][] = [
  [400, 'invalid_json', NotionApiError, false],
  [400, 'invalid_request_url', NotionApiError, false],
  [400, 'invalid_request', NotionApiError, false],
  [400, 'validation_error', NotionValidationError, false],
  [400, 'missing_version', NotionApiError, false],
  [401, 'unauthorized', NotionCredentialsError, false],
  [403, 'restricted_resource', NotionCredentialsError, false],
  [404, 'object_not_found', NotionNotFoundError, false],
  [409, 'conflict_error', NotionApiError, true],
  [429, 'rate_limited', NotionRateLimitedError, true],
  [500, 'internal_server_error', NotionApiError, true],
  [503, 'service_unavailable', NotionApiError, true],
  [503, 'database_connection_unavailable', NotionApiError, true],
  [504, 'gateway_timeout', NotionApiError, true],
  [529, 'service_overload', NotionRateLimitedError, true],
];

describe('typed Notion errors', () => {
  const cases = codes.map(([status, code, type, retry]) => ({
    status,
    code,
    type,
    retry,
    name: type.name,
  }));

  it.each(cases)(
    'turns $status $code into a $name with isRetryable $retry',
    async ({ status, code, type, retry }) => {
      fx.emulator.control.failNext({ status, code, path: `/v1/pages/${pageId}` });
      const error = await fx.notion.getPage(pageId).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(type);
      const logged = fx.emulator.control.requestLog().at(-1);
      expect(error).toMatchObject({
        status,
        code,
        isRetryable: retry,
        requestId: logged?.requestId,
      });
      if (status === 429 || status === 529) {
        expect((error as NotionApiError).retryAfterMs).toBe(1000);
      }
    },
  );

  it('reports an id nobody shared as NotionNotFoundError, which no retry helps', async () => {
    const error = await fx.notion
      .getPage('0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotionNotFoundError);
    expect(error).toMatchObject({ status: 404, isRetryable: false });
  });

  it('refuses to update a trashed page with a NotionValidationError', async () => {
    const page = await fx.notion.createDatabaseEntry(fx.demo.dataSourceId, {
      Name: titleValue('to trash'),
    });
    await fx.notion.trashPage(page.id);
    const error = await fx.notion
      .updatePage(page.id, { Version: { number: 2 } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotionValidationError);
  });
});

const tooLong = (length: number) => 'a'.repeat(length);
const items = <T>(count: number, make: (index: number) => T) =>
  Array.from({ length: count }, (_, i) => make(i));
const someId = '00000000-0000-4000-8000-000000000000';

const oversized: [string, Record<string, unknown>, string, string | undefined][] = [
  [
    'rich text over 2,000 characters',
    { Description: { rich_text: [{ text: { content: tooLong(2001) } }] } },
    'properties.Description.rich_text[0].text.content',
    'Description',
  ],
  [
    'a title over 2,000 characters',
    { Name: { title: [{ text: { content: tooLong(2001) } }] } },
    'properties.Name.title[0].text.content',
    'Name',
  ],
  [
    'a link over 2,000 characters',
    {
      Description: {
        rich_text: [{ text: { content: 'a', link: { url: `https://x.io/${tooLong(2000)}` } } }],
      },
    },
    'properties.Description.rich_text[0].text.link.url',
    'Description',
  ],
  [
    'over 100 rich-text items',
    { Description: { rich_text: items(101, () => ({ text: { content: 'a' } })) } },
    'properties.Description.rich_text',
    'Description',
  ],
  [
    'over 100 multi-select options',
    { Capabilities: { multi_select: items(101, (i) => ({ name: `c${i}` })) } },
    'properties.Capabilities.multi_select',
    'Capabilities',
  ],
  [
    'over 100 relation items',
    { Related: { relation: items(101, () => ({ id: someId })) } },
    'properties.Related.relation',
    'Related',
  ],
  [
    'a url over 2,000 characters',
    { Website: { url: `https://x.io/${tooLong(2000)}` } },
    'properties.Website.url',
    'Website',
  ],
  [
    'an email over 200 characters',
    { Email: { email: `${tooLong(200)}@x.io` } },
    'properties.Email.email',
    'Email',
  ],
  [
    'a phone number over 200 characters',
    { Phone: { phone_number: '1'.repeat(201) } },
    'properties.Phone.phone_number',
    'Phone',
  ],
  [
    'a body over 500 KB',
    {
      Description: { rich_text: items(100, () => ({ text: { content: 'é'.repeat(2000) } })) },
      Name: { title: items(100, () => ({ text: { content: 'é'.repeat(2000) } })) },
    },
    'body',
    undefined,
  ],
];

describe('Notion size limits through the integration', () => {
  it.each(oversized)(
    'refuses %s with a NotionValidationError naming the field',
    async (_, properties, field, property) => {
      const error = await fx.notion
        .updatePage(pageId, properties as never)
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(NotionValidationError);
      expect(error).toMatchObject({ field, property, isRetryable: false });
    },
  );

  it('refuses over 100 children in one append: NotionValidationError naming children', async () => {
    const children = items(101, () => ({ paragraph: { rich_text: [] } }));
    const error = await fx.notion.client.blocks.children
      .append({ block_id: pageId, children })
      .catch((caught: unknown) => toNotionError(caught));
    expect(error).toBeInstanceOf(NotionValidationError);
    expect(error).toMatchObject({ field: 'children' });
  });
});
