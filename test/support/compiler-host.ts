/**
 * A compiler host for the tests' in-process type-checks that parses the declaration files of this
 * repository's node_modules (TypeScript's own lib files, lib.dom.d.ts …, and @types/node) once per
 * process instead of once per program: nothing changes them while the tests run, and parsing and
 * binding them was most of a small check. What is under test (generated code, src/, anything in a
 * test's own folder) is read fresh each time. The test files share their worker processes
 * (vitest.config.ts), so a check in one file reuses what another file's check parsed. A parsed file
 * is kept per parse setting (the compiler options that shape a source file, as TypeScript's own
 * language service keys its document registry), so programs with other options get their own.
 */
import path from 'node:path';
import ts from 'typescript';

/** The node_modules TypeScript itself is installed in: this repository's. */
const nodeModules = path.resolve(ts.getDefaultLibFilePath({}), '../../..') + path.sep;
const registry = ts.createDocumentRegistry();
const parsed = new Map<string, ts.SourceFile>();

export function compilerHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  const settings = registry.getKeyForCompilationSettings(options);
  host.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile) => {
    if (shouldCreateNewSourceFile || !fileName.endsWith('.d.ts') || !path.resolve(fileName).startsWith(nodeModules))
      return read(fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile);
    const key = `${settings}|${JSON.stringify(languageVersionOrOptions)}|${fileName}`;
    let file = parsed.get(key);
    if (!file) {
      file = read(fileName, languageVersionOrOptions, onError);
      if (file) parsed.set(key, file);
    }
    return file;
  };
  return host;
}

/**
 * What `tsc -p <dir>` prints for `dir/tsconfig.json` (its errors, file names relative to `cwd`;
 * '' when clean), checked in this process with {@link compilerHost}: no compiler start and no
 * lib parsing per check.
 */
export function tscProject(dir: string, cwd = process.cwd()): string {
  const formatHost: ts.FormatDiagnosticsHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => cwd, getNewLine: () => '\n' };
  const config = ts.getParsedCommandLineOfConfigFile(path.join(dir, 'tsconfig.json'), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.formatDiagnostics([diagnostic], formatHost));
    },
  });
  if (!config) throw new Error(`${dir}/tsconfig.json did not parse`);
  const program = ts.createProgram({
    rootNames: config.fileNames,
    options: config.options,
    host: compilerHost(config.options),
    configFileParsingDiagnostics: config.errors,
  });
  return ts.formatDiagnostics(ts.sortAndDeduplicateDiagnostics(ts.getPreEmitDiagnostics(program)), formatHost);
}
