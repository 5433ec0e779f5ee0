/**
 * Regenerates a REST client until the `tasklist-codegen generate` command covers it:
 *   tsx src/generate/rest/main.ts <document> <outDir> [--runtime <module>] [--tag <tag>]... [--operation <id>]...
 * Writes `<outDir>/rest/schema.d.ts` and `<outDir>/rest/index.ts` only when generation succeeded.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateRest } from './index.js';

async function main(argv: string[]): Promise<number> {
  const positional: string[] = [];
  const tags: string[] = [];
  const operationIds: string[] = [];
  let runtimeImport = '@tasklist-codegen/runtime';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--runtime') runtimeImport = value();
    else if (arg === '--tag') tags.push(value());
    else if (arg === '--operation') operationIds.push(value());
    else positional.push(arg);
  }
  const [documentFile, outDir] = positional;
  if (!documentFile || !outDir) {
    console.error('usage: tsx src/generate/rest/main.ts <document> <outDir> [--runtime <module>] [--tag <tag>]... [--operation <id>]...');
    return 2;
  }
  const result = await generateRest({
    documentFile,
    cwd: process.cwd(),
    runtimeImport,
    ...(tags.length || operationIds.length ? { select: { tags, operationIds } } : {}),
  });
  for (const warning of result.warnings) console.warn(`warning: ${warning.location}: ${warning.message}`);
  // Write every file beside its target first, then rename: a failure leaves the old output whole.
  const written: [string, string][] = [];
  for (const file of result.files) {
    const target = path.resolve(outDir, file.path);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(`${target}.tmp`, file.contents);
    written.push([`${target}.tmp`, target]);
  }
  for (const [from, to] of written) await rename(from, to);
  console.log(`wrote ${result.files.map((file) => path.join(outDir, file.path)).join(', ')}`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
