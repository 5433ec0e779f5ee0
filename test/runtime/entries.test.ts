/**
 * The runtime's two entries, `src/runtime/index.ts` (browser) and `src/runtime/node.ts` (Node),
 * list their public names one by one (no `export *`), keep the runtime's helpers to themselves,
 * and offer the same names: Node adds its own and replaces `createTasklistClient`, nothing else.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as browserEntry from '../../src/runtime/index.js';
import * as nodeEntry from '../../src/runtime/node.js';

const root = path.resolve(import.meta.dirname, '../..');
const entries = { browser: 'src/runtime/index.ts', node: 'src/runtime/node.ts' };

/** Helpers of the runtime's modules that are not part of its API. */
const INTERNALS = [
  'mayRetry',
  'isReadOnlyPost',
  'retryDelay',
  'resolveRetry',
  'errnoOf',
  'assertSecureUrl',
  'isLoopbackHost',
  'notAnAuthStrategy',
  'isAuthStrategy',
  'tokenCacheKey',
  'parseRetryAfter',
];
/**
 * What `createTasklistClient` builds underneath, once separate ways in: the runtime's own modules
 * keep them, the entries do not offer them (a Node app that took one got no TLS or disk cache).
 */
const UNDER_THE_CLIENT = [
  'createTransport',
  'createStrategyTransport',
  'createNodeTransport',
  'createRestClient',
  'createGraphQLClient',
  'authMiddleware',
  'createTlsFetch',
  'createPooledFetch',
  'StrategyTransportOptions',
  'TransportOptions',
  'NodeTransportOptions',
  'RestClientOptions',
  'GraphQLClientOptions',
  'AuthMiddlewareOptions',
];
/** What only the Node entry has: values, then types. */
const NODE_ONLY = ['createDiskTokenStore'];
const NODE_ONLY_TYPES = ['DiskTokenStoreOptions', 'NodeTasklistClientConfig', 'TlsOptions'];

let compiled: Record<keyof typeof entries, string[]> | undefined;

/** Every exported name of an entry, types included, as the compiler sees it. */
function exportedNames(): Record<keyof typeof entries, string[]> {
  if (compiled) return compiled;
  const files = Object.values(entries).map((file) => path.join(root, file));
  const program = ts.createProgram(files, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
  });
  const checker = program.getTypeChecker();
  const names = (file: string) =>
    checker
      .getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(path.join(root, file))!)!)
      .map((symbol) => symbol.name)
      .sort();
  compiled = { browser: names(entries.browser), node: names(entries.node) };
  return compiled;
}

describe('the runtime entries', () => {
  it.each(Object.entries(entries))('%s (%s) names each export: no export *', (_, file) => {
    const source = ts.createSourceFile(file, readFileSync(path.join(root, file), 'utf8'), ts.ScriptTarget.Latest);
    const star = source.statements
      .filter((statement) => ts.isExportDeclaration(statement) && statement.exportClause === undefined)
      .map((statement) => statement.getText(source));
    expect(star).toEqual([]);
  });

  it('export none of the runtime helpers', () => {
    const names = exportedNames();
    expect(INTERNALS.filter((name) => names.browser.includes(name) || names.node.includes(name))).toEqual([]);
    expect(INTERNALS.filter((name) => name in browserEntry || name in nodeEntry)).toEqual([]);
  });

  it('have one way in, createTasklistClient: what it builds on is not offered beside it', () => {
    const names = exportedNames();
    expect(UNDER_THE_CLIENT.filter((name) => names.browser.includes(name) || names.node.includes(name))).toEqual([]);
    expect(names.browser.filter((name) => /^create.*(Client|Transport)$/.test(name))).toEqual(['createTasklistClient']);
    expect(names.node.filter((name) => /^create.*(Client|Transport)$/.test(name))).toEqual(['createTasklistClient']);
  });

  it('offer the same names, types included; Node adds only its own', () => {
    const names = exportedNames();
    expect(names.node.filter((name) => !names.browser.includes(name))).toEqual([...NODE_ONLY, ...NODE_ONLY_TYPES].sort());
    expect(names.browser.filter((name) => !names.node.includes(name))).toEqual([]);
    expect(
      Object.keys(nodeEntry)
        .filter((name) => !(name in browserEntry))
        .sort(),
    ).toEqual([...NODE_ONLY].sort());
    expect(nodeEntry.createTasklistClient).not.toBe(browserEntry.createTasklistClient);
    for (const name of Object.keys(browserEntry).filter((name) => name !== 'createTasklistClient')) {
      expect((nodeEntry as Record<string, unknown>)[name], name).toBe((browserEntry as Record<string, unknown>)[name]);
    }
  });
});
