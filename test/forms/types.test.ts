/**
 * The generated form types under the project's strict tsc: built from the fixtures (Camunda
 * Modeler forms and a BPMN file), then compiled with typed-values.ts, whose @ts-expect-error
 * lines must each be an error — an unused one is itself an error, so a type that accepts too
 * much fails this test.
 */
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateForms } from '../../src/generate/forms/index.js';
import { fixture, repoRoot } from './helpers.js';

let dir: string;
let diagnostics: string[];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tlcg-forms-types-'));
  const result = await generateForms({
    formFiles: [fixture('all-components.form'), fixture('invoice-approval.form')],
    bpmnFiles: [fixture('invoice-approval.bpmn')],
    cwd: repoRoot,
    runtimeImport: '../runtime.js',
  });
  for (const file of result.files) {
    await mkdir(path.dirname(path.join(dir, file.path)), { recursive: true });
    await writeFile(path.join(dir, file.path), file.contents);
  }
  await writeFile(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  await writeFile(path.join(dir, 'runtime.ts'), `export * from ${JSON.stringify(path.join(repoRoot, 'src/runtime/index.js'))};\n`);
  await copyFile(fixture('typed-values.ts'), path.join(dir, 'typed-values.ts'));
  diagnostics = compile([path.join(dir, 'typed-values.ts')]);
}, 120_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

function compile(files: string[]): string[] {
  const configFile = path.join(repoRoot, 'tsconfig.json');
  const { config } = ts.readConfigFile(configFile, ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, repoRoot, undefined, configFile);
  const program = ts.createProgram(files, { ...options, noEmit: true });
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file && !path.relative(dir, d.file.fileName).startsWith('..'))
    .map((d) => {
      const line = d.file!.getLineAndCharacterOfPosition(d.start ?? 0).line + 1;
      return `${path.relative(dir, d.file!.fileName)}:${line} TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
}

describe('generated form types', () => {
  it('accept what form-js submits, and reject a missing required key, a wrong option, a wrong type', () => {
    expect(diagnostics).toEqual([]);
  });
});
