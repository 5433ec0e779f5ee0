import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { generateForms } from '../../src/generate/forms/index.js';
import { compilerHost } from '../support/compiler-host.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A file of test/forms/fixtures/, absolute. */
export function fixture(name: string): string {
  return path.join(repoRoot, 'test/forms/fixtures', name);
}

/**
 * A throwaway ES module folder with the forms generated from the fixtures in `forms/` and the
 * runtime reachable as `./runtime.js`, for compiling code against the generated types.
 */
export async function generatedFixtureForms(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tlcg-forms-'));
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
  return dir;
}

/** tsc's diagnostics (the project's tsconfig) for files under `dir`, as `file:line TScode: message`. */
export function typeErrors(dir: string, files: string[]): string[] {
  const configFile = path.join(repoRoot, 'tsconfig.json');
  const { config } = ts.readConfigFile(configFile, ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, repoRoot, undefined, configFile);
  const compilerOptions = { ...options, noEmit: true };
  const program = ts.createProgram(files, compilerOptions, compilerHost(compilerOptions));
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file && !path.relative(dir, d.file.fileName).startsWith('..'))
    .map((d) => {
      const line = d.file!.getLineAndCharacterOfPosition(d.start ?? 0).line + 1;
      return `${path.relative(dir, d.file!.fileName)}:${line} TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
}
