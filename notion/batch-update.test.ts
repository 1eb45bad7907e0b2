import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { PageUpdate } from './batch-update';
import { NotionRateLimitedError, NotionValidationError } from './errors';
import {
  startIntegrationFixture,
  titleValue,
  type IntegrationFixture,
} from './integration-fixture';
import { decodeProperty } from './property-codecs';

let fx: IntegrationFixture;
let pageIds: string[];

beforeAll(async () => {
  fx = await startIntegrationFixture();
  const pages = await Promise.all(
    Array.from({ length: 12 }, (_, i) =>
      fx.notion.createDatabaseEntry(fx.demo.dataSourceId, { Name: titleValue(`agent ${i}`) }),
    ),
  );
  pageIds = pages.map((page) => page.id);
});

afterAll(async () => {
  await fx.emulator.close();
});

beforeEach(() => {
  fx.emulator.control.clearFaults();
  fx.emulator.control.clearRequestLog();
});

const version = (n: number) => ({ Version: { number: n } });

describe('batch page updates', () => {
  it('reports every item in input order, failures typed and the rest applied', async () => {
    fx.emulator.control.failNext({ status: 503, path: `/v1/pages/${pageIds[2]}` });
    fx.emulator.control.failNext({ status: 429, path: `/v1/pages/${pageIds[5]}` });
    const updates: PageUpdate[] = pageIds.map((pageId, i) => ({ pageId, properties: version(i) }));
    updates[8] = { pageId: pageIds[8]!, properties: { Role: { select: { name: 'a,b' } } } };
    const seen: number[] = [];

    const results = await fx.notion.batchUpdatePages(updates, {
      concurrency: 4,
      onResult: (_, index) => seen.push(index),
    });

    expect(results.map((result) => result.pageId)).toEqual(pageIds);
    expect(results.map((result) => result.ok)).toEqual(
      pageIds.map((_, i) => ![2, 5, 8].includes(i)),
    );
    const failures = results.flatMap((result) => (result.ok ? [] : [result.error]));
    expect(failures.map((error) => [error.status, error.isRetryable])).toEqual([
      [503, true],
      [429, true],
      [400, false],
    ]);
    expect(failures[1]).toBeInstanceOf(NotionRateLimitedError);
    expect(failures[2]).toBeInstanceOf(NotionValidationError);
    expect(seen.sort((a, b) => a - b)).toEqual([...pageIds.keys()]);
    const applied = await fx.notion.getPage(pageIds[11]!);
    expect(decodeProperty('number', applied.properties.Version)).toBe(11);
  });

  it('trashes pages as part of a batch', async () => {
    const results = await fx.notion.batchUpdatePages([{ pageId: pageIds[0]!, inTrash: true }]);
    expect(results[0]).toMatchObject({ ok: true, page: { in_trash: true } });
    await fx.notion.restorePage(pageIds[0]!);
  });

  it('rejects with the signal reason and stops sending when aborted mid-batch', async () => {
    const controller = new AbortController();
    const updates = pageIds.map((pageId) => ({ pageId, properties: version(99) }));
    const slow = fx.integration({});
    fx.emulator.control.addLatency({ ms: 100 });
    const batch = slow.batchUpdatePages(updates, {
      concurrency: 2,
      signal: controller.signal,
      onResult: () => controller.abort(new Error('stop')),
    });
    await expect(batch).rejects.toThrow('stop');
    expect(slow.requests).toBeLessThanOrEqual(2);
  });
});
