/**
 * Fetch against the emulator in each Camunda version mode: discovery finds the Orchestration
 * Cluster document where 8.8+ serves it, and the REST metadata records which API generations the
 * server was seen to speak (GraphQL, REST v1, v2) and its version.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type CamundaVersion } from '../../src/emulator/index.js';
import { fetchSchemas } from '../../src/fetch/index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'api-generations-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('fetch records the API generations of the server', () => {
  const cases: Array<{ camunda: CamundaVersion; found: string; apis: Record<string, boolean> }> = [
    { camunda: '8.5', found: '/v3/api-docs/Tasklist-v1', apis: { graphql: true, restV1: true, restV2: false } },
    { camunda: '8.7', found: '/v3/api-docs/Tasklist-v1', apis: { graphql: false, restV1: true, restV2: false } },
    // Tasklist's document is found first; one more request finds the Orchestration Cluster API beside it.
    { camunda: '8.8', found: '/v3/api-docs/Tasklist-v1', apis: { graphql: false, restV1: true, restV2: true } },
    { camunda: '8.10', found: '/v3/api-docs/Orchestration%20Cluster%20API', apis: { graphql: false, restV1: false, restV2: true } },
  ];
  for (const c of cases) {
    it(`${c.camunda}: ${JSON.stringify(c.apis)}`, async () => {
      const e = await startEmulator({ camunda: c.camunda });
      try {
        const result = await fetchSchemas({ baseUrl: e.baseUrl, fetch, schemasDir: dir });
        expect(result.rest.sourceUrl).toBe(`${e.baseUrl}${c.found}`);
        expect(result.rest.apis).toEqual(c.apis);
        const metadata = JSON.parse(await readFile(result.rest.metadataFile!, 'utf8')) as Record<string, unknown>;
        expect(metadata['apis']).toEqual(c.apis);
        expect(metadata['serverVersion']).toBe(`${c.camunda}.0`);
      } finally {
        await e.close();
      }
    });
  }

  it('8.8 with the Orchestration Cluster group asked for: v2 document, v2 recorded', async () => {
    const e = await startEmulator({ camunda: '8.8' });
    try {
      const result = await fetchSchemas({
        baseUrl: e.baseUrl,
        fetch,
        schemasDir: dir,
        graphql: false,
        rest: { documentUrl: '/v3/api-docs/Orchestration Cluster API' },
      });
      expect(result.rest.apis).toEqual({ restV2: true });
      expect(result.rest.document?.info?.title).toBe('Orchestration Cluster API');
    } finally {
      await e.close();
    }
  });

  it('a document read from a file records nothing it did not see', async () => {
    const e = await startEmulator({ camunda: '8.10' });
    try {
      const file = path.join(dir, 'oc.json');
      await (await import('node:fs/promises')).writeFile(
        file,
        await (await fetch(`${e.baseUrl}/v3/api-docs/Orchestration%20Cluster%20API`)).text(),
      );
      const result = await fetchSchemas({ baseUrl: e.baseUrl, fetch, schemasDir: dir, graphql: false, from: { rest: file } });
      expect(result.rest.apis).toBeUndefined();
    } finally {
      await e.close();
    }
  });
});
