/**
 * The runtime side of typed forms: form-js's validation rules (each one, with the key and the
 * index of a dynamic list row), FEEL limits reported as not checked, and the completion and
 * prefill calls against the emulator on v2, v1 and GraphQL — which enforces the form's `required`.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { buildFormModel } from '../../src/generate/forms/model.js';
import { parseFormText } from '../../src/generate/forms/load.js';
import { readBpmnText } from '../../src/generate/forms/bpmn.js';
import { startEmulator } from '../../src/emulator/index.js';
import {
  completeTaskWithForm,
  completeTaskWithFormOverGraphQL,
  completeUserTaskWithForm,
  FormValidationError,
  prefillTask,
  prefillUserTask,
  validateFormValues,
  type FormDefinition,
} from '../../src/runtime/index.js';
import { fixture, repoRoot } from './helpers.js';

/** The definition generate writes for a form file, built in memory. */
function definition(file: string): FormDefinition {
  const form = parseFormText(readFileSync(file, 'utf8'), file, (d) => d.id ?? 'form');
  const model = buildFormModel(form);
  return { formId: model.formId, inputVariables: model.inputVariables, rules: model.rules };
}

const all = definition(fixture('all-components.form'));

/** What form-js submits for all-components.form, filled in validly. */
function valid(): Record<string, unknown> {
  return {
    fullName: 'Ada Lovelace',
    email: 'ada@example.com',
    notes: '',
    quantity: 3,
    accountNumber: null,
    startDate: '2024-06-01',
    meetingTime: null,
    deadline: null,
    acceptTerms: true,
    channels: [],
    priority: 'medium',
    country: null,
    department: null,
    tags: [],
    attachments: null,
    totalPrice: 28.5,
    contact: { phone: '+4930664040900' },
    address: { street: 'Main St 1', postcode: '12345' },
    reference: '',
    lineItems: [{ description: 'Desk', amount: 250 }],
    requestedBy: 'john',
  };
}

describe('validateFormValues (form-js rules)', () => {
  it('valid values pass; the FEEL limit is reported as not checked, never guessed', () => {
    const result = validateFormValues(all, valid());
    expect(result.problems).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.notChecked).toEqual([
      { key: 'quantity', rule: 'max', reason: 'the limit is the FEEL expression =maxQuantity, which is not evaluated here' },
      {
        key: 'priorityReason',
        rule: 'required',
        reason: 'absent; it is required unless hidden by =priority != "high", which is not evaluated here',
      },
    ]);
  });

  it('returns every problem with its key: required, lengths, min, decimals, pattern, email, phone, list rows', () => {
    const values = {
      ...valid(),
      fullName: ' A ',
      email: 'not-an-email',
      notes: 'x'.repeat(501),
      quantity: 0.5,
      acceptTerms: false,
      priority: null,
      contact: { phone: '030 1234' },
      address: { street: '', postcode: '1234' },
      lineItems: [
        { description: 'Desk', amount: 1 },
        { description: '', amount: -2 },
      ],
    };
    const { valid: ok, problems } = validateFormValues(all, values);
    expect(ok).toBe(false);
    expect(problems.map((p) => [p.key, p.rule])).toEqual([
      ['fullName', 'minLength'],
      ['email', 'validationType'],
      ['notes', 'maxLength'],
      ['quantity', 'decimalDigits'],
      ['quantity', 'min'],
      ['acceptTerms', 'required'],
      ['priority', 'required'],
      ['contact.phone', 'validationType'],
      ['address.street', 'required'],
      ['address.postcode', 'pattern'],
      ['lineItems[1].description', 'required'],
      ['lineItems[1].amount', 'min'],
    ]);
    expect(problems.find((p) => p.key === 'address.postcode')!.message).toBe(
      'address.postcode (Postcode) does not match its pattern: Five digits',
    );
    expect(problems.find((p) => p.key === 'quantity' && p.rule === 'min')!.message).toBe('quantity (Quantity) must be at least 1');
  });

  it('a missing required key is a problem; a disabled field is never checked; an empty list row set is fine', () => {
    const values = valid();
    delete values['fullName'];
    delete values['address'];
    values['caseId'] = '';
    values['lineItems'] = [];
    expect(validateFormValues(all, values).problems.map((p) => p.key)).toEqual(['fullName', 'address.street']);
  });

  it('a shown required field (present) is checked like any other', () => {
    const result = validateFormValues(all, { ...valid(), priority: 'high', priorityReason: '' });
    expect(result.problems.map((p) => p.key)).toEqual(['priorityReason']);
  });
});

const invoice = definition(`${repoRoot}/forms/approve-invoice.form`);
const loan = (() => {
  const [form] = readBpmnText(readFileSync(`${repoRoot}/forms/loan-approval.bpmn`, 'utf8'), 'forms/loan-approval.bpmn').embedded;
  const model = buildFormModel(form!);
  return { formId: model.formId, inputVariables: model.inputVariables, rules: model.rules } satisfies FormDefinition;
})();

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
const emulators: Emulator[] = [];
afterEach(async () => {
  for (const e of emulators.splice(0)) await e.close();
});
async function emulator(options: Parameters<typeof startEmulator>[0] = {}): Promise<Emulator> {
  const e = await startEmulator(options);
  emulators.push(e);
  return e;
}
const client = (e: Emulator) => ({ baseUrl: e.baseUrl, fetch: globalThis.fetch });

function openTask(e: Emulator, taskDefinitionId: string, implementation: 'ZEEBE_USER_TASK' | 'JOB_WORKER') {
  const task = e.store
    .allTasks()
    .find((t) => t.taskDefinitionId === taskDefinitionId && t.taskState === 'CREATED' && t.implementation === implementation);
  if (!task) throw new Error(`no open ${implementation} ${taskDefinitionId} task in the seed`);
  return task;
}

describe('completion and prefill against the emulator', () => {
  it('v2: prefill reads exactly the input variables, untruncated; completion validates first, then completes', async () => {
    const e = await emulator({ camunda: '8.8', store: { previewLimit: 10 } });
    const task = openTask(e, 'approveInvoice', 'ZEEBE_USER_TASK');
    const prefill = await prefillUserTask(client(e), invoice, task.id);
    expect(Object.keys(prefill).sort()).toEqual(['creditor', 'invoiceNumber', 'total']);
    expect(prefill).toMatchObject({ invoiceNumber: expect.stringMatching(/^INV-2024-\d{4}$/) });
    expect(String((prefill as { invoiceNumber: string }).invoiceNumber).length).toBeGreaterThan(10); // not cut at the preview limit

    const bad = { ...prefill, decision: 'reject', reason: 'too short', approverEmail: 'x@' };
    const error = await completeUserTaskWithForm(client(e), invoice, task.id, bad).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(FormValidationError);
    expect((error as FormValidationError).problems.map((p) => [p.key, p.rule])).toEqual([
      ['reason', 'minLength'],
      ['approverEmail', 'validationType'],
    ]);
    expect(e.store.getTask(task.id).taskState).toBe('CREATED');

    await completeUserTaskWithForm(client(e), invoice, task.id, {
      ...prefill,
      decision: 'reject',
      reason: 'The amount is wrong.',
      approverEmail: 'ada@example.com',
    });
    expect(e.store.getTask(task.id).taskState).toBe('COMPLETED');
    const stored = Object.fromEntries(e.store.taskVariables(task.id).map((v) => [v.name, JSON.parse(v.value!) as unknown]));
    expect(stored).toMatchObject({ decision: 'reject', reason: 'The amount is wrong.' });
  });

  it('v1: prefill and completion (variables as JSON text); the emulator refuses an empty required field', async () => {
    const e = await emulator();
    const task = openTask(e, 'reviewLoanRequest', 'JOB_WORKER');
    e.store.assignTask(task.id, { userId: 'demo', kind: 'api' }, { assignee: 'demo' });
    const prefill = await prefillTask(client(e), loan, task.id);
    expect(Object.keys(prefill).sort()).toEqual(['amount', 'applicant', 'approved', 'currency']);

    // Past the client's validator (sent by hand): the server itself holds the form's `required`.
    const refused = await fetch(`${e.baseUrl}/v1/tasks/${task.id}/complete`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ variables: [{ name: 'applicant', value: '""' }] }),
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Form reviewLoanForm requires applicant');

    const done = (await completeTaskWithForm(client(e), loan, task.id, { ...prefill, approved: true, note: 'Welcome aboard' })) as {
      taskState: string;
    };
    expect(done.taskState).toBe('COMPLETED');
  });

  it('GraphQL (8.5): completeTask with the form values', async () => {
    const e = await emulator({ camunda: '8.5' });
    const task = openTask(e, 'reviewLoanRequest', 'JOB_WORKER');
    e.store.assignTask(task.id, { userId: 'demo', kind: 'api' }, { assignee: 'demo' });
    const graphql = { endpoint: e.graphqlUrl, fetch: globalThis.fetch };
    const prefill = await prefillTask(client(e), loan, task.id);
    const done = await completeTaskWithFormOverGraphQL(graphql, loan, task.id, { ...prefill, approved: false, note: '' });
    expect(done).toEqual({ id: task.id, taskState: 'COMPLETED' });
    await expect(completeTaskWithFormOverGraphQL(graphql, loan, task.id, { ...prefill, applicant: '' })).rejects.toThrow(
      /applicant \(Applicant\) is required/,
    );
  });
});
