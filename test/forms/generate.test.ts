/**
 * Forms through `tasklist-codegen generate` and `check`: a project with Modeler forms and a BPMN
 * file gets generated/forms/ with manifest entries; a second run is a no-op; a changed form
 * regenerates; a broken form exits 1 with file:line:column and leaves generated/ as it was.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { makeProject, readText, removeProject, run, snapshotTree, writeFile } from '../cli/helpers.js';
import { fixture } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) removeProject(dir);
});

function project(): string {
  const dir = makeProject({
    'codegen.ts': "export const tasklist = { graphql: false, rest: false, forms: { bpmn: 'processes/**/*.bpmn' } };\n",
    'forms/invoice-approval.form': readFileSync(fixture('invoice-approval.form'), 'utf8'),
    'forms/nested/all-components.form': readFileSync(fixture('all-components.form'), 'utf8'),
    'processes/invoice-approval.bpmn': readFileSync(fixture('invoice-approval.bpmn'), 'utf8'),
  });
  dirs.push(dir);
  return dir;
}

describe('generate with forms', () => {
  it('writes generated/forms/ with manifest entries, then a second run changes nothing', async () => {
    const dir = project();
    const first = await run(['generate'], { cwd: dir });
    expect(first.stderr).toContain(
      'warning processes/invoice-approval.bpmn:48:7: user task prepareTransfer uses a custom form (https://erp.example.com/transfers/new): there is no form schema, so its values are not typed',
    );
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/✔ generate forms {2}5 file\(s\)/);
    const manifest = JSON.parse(readText(dir, 'generated/.tasklist-codegen.json'));
    expect(Object.keys(manifest.sides)).toEqual(['forms']);
    expect(Object.keys(manifest.sides.forms.files)).toEqual([
      'forms/all-components.ts',
      'forms/index.ts',
      'forms/invoice-approval.ts',
      'forms/scan-review.ts',
      'forms/tasks.ts',
    ]);
    expect(readText(dir, 'generated/forms/index.ts')).toContain("export * from './invoice-approval.js';");
    expect(readText(dir, 'generated/forms/invoice-approval.ts')).toContain('export interface InvoiceApprovalForm {');

    const before = snapshotTree(`${dir}/generated`);
    const second = await run(['generate'], { cwd: dir });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/– generate forms {2}inputs unchanged/);
    expect(second.stdout).toMatch(/generated\/ up to date/);
    expect(snapshotTree(`${dir}/generated`)).toEqual(before);
    expect((await run(['check'], { cwd: dir })).code).toBe(0);
  });

  it('a changed form regenerates, and check sees the drift first', async () => {
    const dir = project();
    expect((await run(['generate'], { cwd: dir })).code).toBe(0);
    const form = JSON.parse(readText(dir, 'forms/invoice-approval.form'));
    form.components.push({ type: 'textfield', id: 'Field_new', key: 'costCenter', label: 'Cost center' });
    writeFile(dir, 'forms/invoice-approval.form', JSON.stringify(form, null, 2));
    const checked = await run(['check'], { cwd: dir });
    expect(checked.code).toBe(ExitCode.Stale);
    expect(checked.stdout).toContain('changed generated/forms/invoice-approval.ts');
    expect((await run(['generate'], { cwd: dir })).code).toBe(0);
    expect(readText(dir, 'generated/forms/invoice-approval.ts')).toContain('costCenter: string;');
  });

  it('a broken form: exit 1, file:line:column, generated/ untouched', async () => {
    const dir = project();
    expect((await run(['generate'], { cwd: dir })).code).toBe(0);
    const before = snapshotTree(`${dir}/generated`);
    writeFile(
      dir,
      'forms/invoice-approval.form',
      readText(dir, 'forms/invoice-approval.form').replace('"key": "decision"', '"key": "the decision"'),
    );
    const broken = await run(['generate'], { cwd: dir });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(
      /forms\/invoice-approval\.form:\d+:\d+: components\[4\]\.key must be a dot-separated path without spaces/,
    );
    expect(broken.stderr).not.toMatch(/bug in tasklist-codegen|--debug/);
    expect(snapshotTree(`${dir}/generated`)).toEqual(before);
  });
});
