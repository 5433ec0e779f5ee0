/**
 * Form changes, classified for the code that completes the form (removed or renamed key, field
 * becoming required, option removed: breaking; option added: dangerous; optional field added:
 * safe), through `diff old.form new.form`, which also names the project's code using the form.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { diffForms } from '../../src/generate/forms/changes.js';
import { parseFormText, type FormComponent, type FormDocument } from '../../src/generate/forms/load.js';
import { makeProject, removeProject, run } from '../cli/helpers.js';
import { fixture } from './helpers.js';

const original = readFileSync(fixture('invoice-approval.form'), 'utf8');
const load = (document: FormDocument | string, source = 'forms/invoice-approval.form') =>
  parseFormText(typeof document === 'string' ? document : JSON.stringify(document, null, 2), source, (d) => d.id ?? 'form');

function edited(change: (components: FormComponent[]) => void): FormDocument {
  const document = JSON.parse(original) as FormDocument;
  change(document.components);
  return document;
}
const byKey = (components: FormComponent[], key: string) => components.find((c) => c.key === key)!;

describe('diffForms', () => {
  it('no change, no report', () => {
    expect(diffForms(load(original), load(JSON.parse(original) as FormDocument))).toEqual([]);
  });

  it('classifies each kind of change', () => {
    const after = edited((components) => {
      components.splice(components.indexOf(byKey(components, 'approverEmail')), 1); // removed
      byKey(components, 'reason').key = 'rejectionReason'; // renamed (same component id)
      byKey(components, 'creditor').validate = { required: true }; // becomes required
      const decision = byKey(components, 'decision');
      decision.values = decision.values!.filter((o) => o.value !== 'clarify'); // option removed
      decision.values.push({ label: 'Escalate', value: 'escalate' }); // option added
      components.push({ type: 'textfield', id: 'Field_cost', key: 'costCenter', label: 'Cost center' }); // optional added
      components.push({ type: 'number', id: 'Field_vat', key: 'vatRate', label: 'VAT rate', validate: { required: true, max: 30 } }); // required added
    });
    const changes = diffForms(load(original), load(after));
    expect(changes.map((c) => [c.level, c.kind, c.path])).toEqual([
      ['breaking', 'FORM_KEY_RENAMED', 'form invoice-approval: reason'],
      ['breaking', 'FORM_KEY_REMOVED', 'form invoice-approval: approverEmail'],
      ['breaking', 'FORM_FIELD_REQUIRED', 'form invoice-approval: creditor'],
      ['breaking', 'FORM_OPTION_REMOVED', 'form invoice-approval: decision'],
      ['dangerous', 'FORM_OPTION_ADDED', 'form invoice-approval: decision'],
      ['safe', 'FORM_FIELD_ADDED', 'form invoice-approval: costCenter'],
      ['breaking', 'FORM_REQUIRED_FIELD_ADDED', 'form invoice-approval: vatRate'],
    ]);
    expect(changes[0]!.message).toBe('Key reason was renamed to rejectionReason: code that sends or reads reason must use rejectionReason');
    expect(changes[3]!.message).toBe('Option "clarify" removed from decision');
  });

  it('loosening is safe, tightening a limit is dangerous', () => {
    const after = edited((components) => {
      byKey(components, 'decision').validate = {};
      byKey(components, 'reason').validate = { required: true, minLength: 20, maxLength: 500 };
    });
    expect(diffForms(load(original), load(after)).map((c) => [c.level, c.kind, c.message])).toEqual([
      ['safe', 'FORM_FIELD_NOT_REQUIRED', 'Field decision is no longer required'],
      ['dangerous', 'FORM_LIMIT_TIGHTENED', 'minLength of reason is now 20 (was 10)'],
    ]);
  });
});

describe('tasklist-codegen diff old.form new.form', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) removeProject(dir);
  });

  it('reports the changes, exits 4 on a breaking one and names the code that uses the form', async () => {
    const renamed = edited((components) => {
      byKey(components, 'reason').key = 'rejectionReason';
    });
    const dir = makeProject({
      'old.form': original,
      'new.form': JSON.stringify(renamed, null, 2),
      'src/bot.ts':
        "import { invoiceApprovalForm, type InvoiceApprovalForm } from '../generated/forms/index.js';\n\nexport const values: Partial<InvoiceApprovalForm> = {};\nvoid invoiceApprovalForm;\n",
      'src/unrelated.ts': 'export const x = 1;\n',
    });
    dirs.push(dir);
    const result = await run(['diff', 'old.form', 'new.form'], { cwd: dir });
    expect(result.code).toBe(ExitCode.Breaking);
    expect(result.stdout).toContain('form invoice-approval: reason: Key reason was renamed to rejectionReason');
    expect(result.stderr).toContain('src/bot.ts:1:10: uses invoiceApprovalForm; the form has breaking changes');
    expect(result.stderr).toContain('src/bot.ts:3:30: uses InvoiceApprovalForm; the form has breaking changes');
    expect(result.stderr).not.toContain('unrelated');
  });
});
