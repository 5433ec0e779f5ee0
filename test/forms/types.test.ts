/**
 * The generated form types under the project's strict tsc: built from the fixtures (Camunda
 * Modeler forms and a BPMN file), then compiled with typed-values.ts, whose @ts-expect-error
 * lines must each be an error — an unused one is itself an error, so a type that accepts too
 * much fails this test.
 */
import { copyFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, generatedFixtureForms, typeErrors } from './helpers.js';

let dir: string;
let diagnostics: string[];

beforeAll(async () => {
  dir = await generatedFixtureForms();
  await copyFile(fixture('typed-values.ts'), path.join(dir, 'typed-values.ts'));
  diagnostics = typeErrors(dir, [path.join(dir, 'typed-values.ts')]);
}, 120_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('generated form types', () => {
  it('accept what form-js submits, and reject a missing required key, a wrong option, a wrong type', () => {
    expect(diagnostics).toEqual([]);
  });
});
