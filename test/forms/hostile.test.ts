/**
 * A form is data, also when it came from a server (`fetch` writes deployed forms to schemas/forms/):
 * ids, keys, labels, options and patterns made to break out of a comment, a string or a file name
 * still produce code that compiles, declares nothing of theirs, and files inside generated/forms/.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateForms } from '../../src/generate/forms/index.js';
import { repoRoot, typeErrors } from './helpers.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('hostile forms', () => {
  it('compile, stay data, and stay in generated/forms/', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tlcg-forms-hostile-'));
    dirs.push(dir);
    const evil = '*/ globalThis.pwned = 1; /*\u2028`${process.exit(1)}`</script>';
    const form = {
      id: '../../evil */ x',
      type: 'default',
      components: [
        { type: 'textfield', id: 'F1', key: 'quote"key\\', label: evil, validate: { pattern: evil, required: true } },
        {
          type: 'select',
          id: 'F2',
          key: 'choice',
          label: 'x',
          values: [
            { label: evil, value: evil },
            { label: 'n', value: 12 },
          ],
        },
        { type: 'group', id: 'F3', path: 'nested.a$b', components: [{ type: 'checkbox', id: 'F4', key: '__proto__', label: evil }] },
      ],
    };
    await writeFile(path.join(dir, 'evil.form'), JSON.stringify(form));
    const result = await generateForms({
      formFiles: [path.join(dir, 'evil.form')],
      bpmnFiles: [],
      cwd: dir,
      runtimeImport: '../runtime.js',
    });
    expect(result.files.map((f) => f.path)).toEqual(['forms/evil-x.ts', 'forms/index.ts']);
    const out = path.join(dir, 'out');
    for (const file of result.files) {
      await mkdir(path.dirname(path.join(out, file.path)), { recursive: true });
      await writeFile(path.join(out, file.path), file.contents);
    }
    await writeFile(path.join(out, 'package.json'), '{ "type": "module" }\n');
    await writeFile(path.join(out, 'runtime.ts'), `export * from ${JSON.stringify(path.join(repoRoot, 'src/runtime/index.js'))};\n`);
    await writeFile(
      path.join(out, 'use.ts'),
      [
        "import { evilXForm, type EvilXForm } from './forms/index.js';",
        `export const ok: EvilXForm = { 'quote"key\\\\': 'v', choice: ${JSON.stringify(evil)}, nested: { 'a$b': { __proto__: true } } };`,
        'export const id: string = evilXForm.formId;',
      ].join('\n'),
    );
    expect(typeErrors(out, [path.join(out, 'use.ts')])).toEqual([]);
    const module = result.files[0]!.contents;
    // Nothing from the form ends a comment or a string: the only statements are ours.
    expect(module).not.toMatch(/^\s*globalThis\.pwned/m);
    expect(module).not.toContain('\u2028');
  });
});
