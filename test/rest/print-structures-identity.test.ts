/**
 * The functions module's printer (src/generate/rest/print-structures.ts) writes the same bytes as
 * ts-morph's structure printer, which wrote `rest/index.ts` before it: on every REST document the
 * repository has (this repository's schemas/, the conformance documents, Camunda's documents whole
 * and as selections, the synthetic growth documents), the statements generateRest builds are
 * printed by both and compared. Kept only while ts-morph is installed; after that the snapshots
 * (test/conformance/__snapshots__, generated/) hold the output.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { IndentationText, Project, QuoteKind, StructureKind as TsMorphKind, type StatementStructures } from 'ts-morph';
import { describe, expect, it, vi } from 'vitest';
import { syntheticOpenApi } from '../../bench/synthetic.js';
import { REST_PRESETS } from '../../src/config/rest-presets.js';
import type { FunctionsModuleOptions } from '../../src/generate/rest/emit-functions.js';
import { functionsModuleStatements } from '../../src/generate/rest/emit-functions.js';
import { generateRest, type GenerateRestOptions } from '../../src/generate/rest/index.js';
import { type Statement, StructureKind } from '../../src/generate/rest/print-structures.js';

const recorded = vi.hoisted(() => [] as FunctionsModuleOptions[]);
vi.mock('../../src/generate/rest/emit-functions.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/generate/rest/emit-functions.js')>();
  return {
    ...actual,
    emitFunctionsModule: (options: FunctionsModuleOptions) => {
      recorded.push(options);
      return actual.emitFunctionsModule(options);
    },
  };
});

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const publicDir = path.resolve(repoRoot, '../shared/fixtures/public/openapi');
const realDir = path.resolve(repoRoot, '../shared/fixtures/real');
const runtimeImport = '@tasklist-codegen/runtime';

const TS_MORPH_KIND = {
  [StructureKind.ImportDeclaration]: TsMorphKind.ImportDeclaration,
  [StructureKind.TypeAlias]: TsMorphKind.TypeAlias,
  [StructureKind.Interface]: TsMorphKind.Interface,
  [StructureKind.VariableStatement]: TsMorphKind.VariableStatement,
  [StructureKind.Function]: TsMorphKind.Function,
} as const;

/** The same statements printed as emit-functions printed them through ts-morph. */
function printWithTsMorph(statements: Statement[]): string {
  const project = new Project({
    useInMemoryFileSystem: true,
    skipLoadingLibFiles: true,
    skipFileDependencyResolution: true,
    manipulationSettings: { useTrailingCommas: true, quoteKind: QuoteKind.Single, indentationText: IndentationText.TwoSpaces },
  });
  // Writer functions are handed ts-morph's writer, a code-block-writer of the same settings.
  const structures = statements.map((statement) =>
    typeof statement === 'object' ? ({ ...statement, kind: TS_MORPH_KIND[statement.kind] } as unknown as StatementStructures) : statement,
  ) as unknown as StatementStructures[];
  return project.createSourceFile('index.ts', { statements: structures }, { overwrite: true }).getFullText();
}

interface Case {
  name: string;
  options: Omit<GenerateRestOptions, 'cwd' | 'runtimeImport'>;
}

const fromFile = (name: string, file: string, extra: Partial<GenerateRestOptions> = {}): Case[] =>
  existsSync(file) ? [{ name, options: { documentFile: file, ...extra } }] : [];

const synthetic = (operations: number): Case => ({
  name: `synthetic-${operations}`,
  options: { documentFile: `synthetic-${operations}.json`, documentText: JSON.stringify(syntheticOpenApi(operations)) },
});

/** The conformance suite's own document (test/conformance/openapi.test.ts), read from its source. */
function wireKindsDocument(): Case[] {
  const source = readFileSync(path.join(repoRoot, 'test/conformance/openapi.test.ts'), 'utf8');
  const literal = /const WIRE_KINDS_DOCUMENT = (\{[\s\S]*?\n\});/.exec(source)?.[1];
  if (!literal) return [];
  const document = new Function(`return (${literal});`)() as object;
  return [{ name: 'wire-kinds', options: { documentFile: 'wire-kinds.json', documentText: JSON.stringify(document) } }];
}

const orchestration = path.join(realDir, 'orchestration-cluster-openapi.json');
const cases: Case[] = [
  ...fromFile('schemas/tasklist.openapi.json', path.join(repoRoot, 'schemas/tasklist.openapi.json')),
  ...wireKindsDocument(),
  ...fromFile('simple-example', path.join(publicDir, 'simple-example.yaml')),
  ...fromFile('openapi-fetch-common', path.join(publicDir, 'openapi-fetch-common.yaml')),
  ...fromFile('digital-ocean', path.join(publicDir, 'digital-ocean-api.bundled.yaml')),
  ...fromFile('discord', path.join(publicDir, 'discord-openapi-3.1.json')),
  ...fromFile('tasklist-8.5', path.join(realDir, 'tasklist-openapi-8.5.yaml')),
  ...fromFile('tasklist-8.7', path.join(realDir, 'tasklist-openapi-8.7.yaml')),
  ...fromFile('tasklist-early', path.join(realDir, 'tasklist-openapi-webapp-early.yaml')),
  ...fromFile('operate-8.6', path.join(realDir, 'operate-openapi-8.6.yaml')),
  ...fromFile('orchestration-cluster', orchestration),
  ...fromFile('orchestration-cluster target 8.8', orchestration, { targetVersion: '8.8' }),
  ...fromFile('orchestration-cluster user-tasks preset', orchestration, {
    select: { operationIds: [...REST_PRESETS['user-tasks'].operationIds] },
  }),
  ...fromFile('orchestration-cluster User task tag', orchestration, { select: { tags: ['User task'] } }),
  synthetic(10),
  synthetic(100),
  synthetic(1000),
  synthetic(5000),
];
if (!existsSync(publicDir) || !existsSync(realDir)) {
  console.warn(`[print-structures] documents of ../shared/fixtures absent, compared without them: ${cases.length} documents`);
}

describe("the functions module's printer writes ts-morph's bytes", () => {
  it.each(cases.map((c) => [c.name, c] as const))(
    '%s',
    async (_name, c) => {
      recorded.length = 0;
      const result = await generateRest({ ...c.options, cwd: repoRoot, runtimeImport });
      expect(recorded).toHaveLength(1);
      const printed = result.files.find((file) => file.path === 'rest/index.ts')!.contents;
      const statements = functionsModuleStatements(recorded[0]!);
      expect(statements.length).toBeGreaterThan(4);
      // Compared as text and not with toBe's diff: a diff of a 2 MB module is unreadable.
      const expected = printWithTsMorph(statements);
      if (printed !== expected) {
        let at = 0;
        while (at < printed.length && printed[at] === expected[at]) at++;
        expect.fail(
          `first difference at ${at}:\nours:    ${JSON.stringify(printed.slice(at - 80, at + 80))}\nts-morph: ${JSON.stringify(expected.slice(at - 80, at + 80))}`,
        );
      }
    },
    120_000,
  );
});
