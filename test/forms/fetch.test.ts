/**
 * `fetch` pulls the deployed forms of the processes `forms.processes` names into schemas/forms/
 * (Orchestration Cluster API, here the emulator as Camunda 8.8): deterministic bytes, unchanged on
 * a second run, a changed deployed form reported with its classified changes, and nothing written
 * when the server cannot list forms.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { makeProject, readText, removeProject, run, snapshotTree, writeFile } from '../cli/helpers.js';

let emulator: Emulator;
const dirs: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, camunda: '8.8' });
});
afterAll(async () => {
  await emulator?.close();
  for (const dir of dirs) removeProject(dir);
});

function project(baseUrl: string): string {
  const dir = makeProject({
    'codegen.ts': `export const tasklist = { baseUrl: ${JSON.stringify(baseUrl)}, graphql: false, rest: false, forms: { processes: ['invoiceApproval', 'loanApproval'] } };\n`,
  });
  dirs.push(dir);
  return dir;
}

describe('fetch with forms.processes', () => {
  it('writes the linked forms in use, byte-stable; a second run leaves them; a changed form is reported', async () => {
    const dir = project(emulator.baseUrl);
    const first = await run(['fetch'], { cwd: dir, env: { CAMUNDA_AUTH_STRATEGY: 'NONE' } });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/form approveInvoiceForm {2}schemas\/forms\/approveInvoiceForm\.form {2}created/);
    const text = readText(dir, 'schemas/forms/approveInvoiceForm.form');
    expect(JSON.parse(text).id).toBe('approveInvoiceForm');
    expect(text.endsWith('}\n')).toBe(true);
    // The loan tasks' form is embedded in their BPMN: v2 serves linked forms only, so none is written.
    expect(Object.keys(snapshotTree(`${dir}/schemas`))).toEqual(['forms/approveInvoiceForm.form']);

    const second = await run(['fetch'], { cwd: dir, env: { CAMUNDA_AUTH_STRATEGY: 'NONE' } });
    expect(second.stdout).toMatch(/form approveInvoiceForm {2}schemas\/forms\/approveInvoiceForm\.form {2}unchanged/);
    expect(readText(dir, 'schemas/forms/approveInvoiceForm.form')).toBe(text);

    // The deployed form changes on the server: a key renamed — breaking, in the report.
    const record = emulator.store['forms'].find((f: { id: string }) => f.id === 'approveInvoiceForm')!;
    const original = record.schema;
    record.schema = original.replace('"key":"reason"', '"key":"rejectionReason"');
    try {
      // check --fetch first: it classifies the change, names the code using the form, writes nothing.
      writeFile(
        dir,
        'src/bot.ts',
        "import type { ApproveInvoiceForm } from '../generated/forms/index.js';\nexport const values: Partial<ApproveInvoiceForm> = { reason: 'x' };\n",
      );
      const before = snapshotTree(`${dir}/schemas`);
      const checked = await run(['check', '--fetch', '--report', 'check.md'], { cwd: dir, env: { CAMUNDA_AUTH_STRATEGY: 'NONE' } });
      expect(checked.code).toBe(ExitCode.Breaking);
      expect(checked.stderr).toContain('src/bot.ts:1:15: form approveInvoiceForm: uses ApproveInvoiceForm; the form has breaking changes');
      expect(readText(dir, 'check.md')).toContain(
        '| breaking | `form approveInvoiceForm: reason` | Key reason was renamed to rejectionReason',
      );
      expect(snapshotTree(`${dir}/schemas`)).toEqual(before);

      const third = await run(['fetch', '--report', 'changes.md'], { cwd: dir, env: { CAMUNDA_AUTH_STRATEGY: 'NONE' } });
      expect(third.code).toBe(0);
      expect(third.stdout).toMatch(/form approveInvoiceForm {2}schemas\/forms\/approveInvoiceForm\.form {2}updated {2}1 breaking/);
      expect(third.stdout).toContain('form approveInvoiceForm: reason: Key reason was renamed to rejectionReason');
      expect(readText(dir, 'changes.md')).toContain('### Form approveInvoiceForm (`schemas/forms/approveInvoiceForm.form`)');
    } finally {
      record.schema = original;
    }
  });

  it('a server without the Orchestration Cluster API: one clear message, nothing written', async () => {
    const old = await startEmulator({ port: 0, camunda: '8.6' });
    try {
      const dir = project(old.baseUrl);
      const result = await run(['fetch'], { cwd: dir, env: { CAMUNDA_AUTH_STRATEGY: 'NONE' } });
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('fetching forms needs the Orchestration Cluster API (Camunda 8.8+)');
      expect(result.stderr).not.toMatch(/bug in tasklist-codegen/);
      expect(snapshotTree(`${dir}/schemas`)).toEqual({});
    } finally {
      await old.close();
    }
  });
});
