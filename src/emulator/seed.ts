/**
 * The emulator's starting data: three processes a Tasklist user would recognise (loan approval,
 * invoice approval, employee onboarding), their forms, and tasks in every state with assignees,
 * candidate groups, due dates and variables. Everything derives from a counter and a fixed
 * epoch, so every start — and every `store.reset()` — yields byte-identical data.
 */
import { repositoryEmbeddedForm, repositoryForm } from './forms.js';
import type { FormRecord, ProcessRecord, TaskRecord, TaskState, VariableRecord } from './model.js';

/** 2024-05-01T08:00:00Z: seed timestamps count from here, never from the wall clock. */
export const SEED_EPOCH_MS = Date.UTC(2024, 4, 1, 8, 0, 0);

/** Zeebe keys are 64-bit numbers starting at partition 1's base; ours look the same. */
const KEY_BASE = 2251799813685000n;

export interface SeedData {
  processes: ProcessRecord[];
  forms: FormRecord[];
  tasks: TaskRecord[];
  variables: VariableRecord[];
}

export interface SeedOptions {
  /** How many tasks to create. Default 30 — enough for several pages at small page sizes. */
  taskCount?: number;
}

/** Tasklist writes timestamps as `yyyy-MM-dd'T'HH:mm:ss.SSSZ` (`+0000`, not `Z`). */
export function tasklistTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

const key = (n: number): string => String(KEY_BASE + BigInt(n));

interface ProcessTemplate {
  process: ProcessRecord;
  tasks: Array<{
    taskDefinitionId: string;
    name: string;
    formKey: string | null;
    formId: string | null;
    candidateGroups: string[];
    candidateUsers: string[];
    variables: (n: number) => Record<string, unknown>;
  }>;
}

function templates(): ProcessTemplate[] {
  const loan: ProcessRecord = {
    id: key(1),
    name: 'Loan Approval',
    processDefinitionId: 'loanApproval',
    version: 3,
    firstTask: {
      taskDefinitionId: 'reviewLoanRequest',
      name: 'Review loan request',
      formKey: 'camunda-forms:bpmn:reviewLoanForm',
      formId: null,
      candidateGroups: ['credit-officers'],
    },
  };
  const invoice: ProcessRecord = {
    id: key(2),
    name: 'Invoice Approval',
    processDefinitionId: 'invoiceApproval',
    version: 1,
    firstTask: {
      taskDefinitionId: 'approveInvoice',
      name: 'Approve invoice',
      formKey: null,
      formId: 'approveInvoiceForm',
      candidateGroups: ['accounting'],
    },
  };
  const onboarding: ProcessRecord = {
    id: key(3),
    name: 'Employee Onboarding',
    processDefinitionId: 'employeeOnboarding',
    version: 2,
    firstTask: {
      taskDefinitionId: 'prepareWorkplace',
      name: 'Prepare workplace',
      formKey: null,
      formId: null,
      candidateGroups: ['facilities'],
    },
  };
  return [
    {
      process: loan,
      tasks: [
        {
          ...loan.firstTask,
          candidateUsers: [],
          variables: (n) => ({ applicant: `Applicant ${n}`, amount: 5000 + n * 750, currency: 'EUR', approved: null }),
        },
        {
          taskDefinitionId: 'approveLargeLoan',
          name: 'Approve large loan',
          formKey: 'camunda-forms:bpmn:reviewLoanForm',
          formId: null,
          candidateGroups: ['credit-managers'],
          candidateUsers: ['demo'],
          variables: (n) => ({ applicant: `Applicant ${n}`, amount: 100000 + n * 1000, currency: 'EUR', riskScore: (n * 7) % 100 }),
        },
      ],
    },
    {
      process: invoice,
      tasks: [
        {
          ...invoice.firstTask,
          candidateUsers: ['john', 'demo'],
          variables: (n) => ({
            invoiceNumber: `INV-2024-${String(n).padStart(4, '0')}`,
            creditor: ['Acme Ltd', 'Globex', 'Initech'][n % 3],
            total: { amount: 120 + n * 13.5, currency: 'USD' },
            lines: [{ sku: 'A-1', qty: 1 + (n % 4) }],
          }),
        },
      ],
    },
    {
      process: onboarding,
      tasks: [
        {
          ...onboarding.firstTask,
          candidateUsers: [],
          variables: (n) => ({
            employee: `Employee ${n}`,
            startDate: `2024-06-${String(1 + (n % 28)).padStart(2, '0')}`,
            remote: n % 2 === 0,
          }),
        },
      ],
    },
  ];
}

function seedForms(): FormRecord[] {
  return [
    {
      id: 'reviewLoanForm',
      processDefinitionKey: key(1),
      title: 'Review loan request',
      schema: repositoryEmbeddedForm('loan-approval.bpmn', 'reviewLoanForm'),
      version: null,
      tenantId: '<default>',
      isDeleted: false,
    },
    {
      id: 'approveInvoiceForm',
      processDefinitionKey: key(2),
      title: 'Approve invoice',
      schema: repositoryForm('approve-invoice.form'),
      version: 2,
      tenantId: '<default>',
      isDeleted: false,
    },
  ];
}

/** A fixed pattern of states and assignees, so every kind of task is present in any first page. */
const STATE_CYCLE: Array<{ state: TaskState; assignee: string | null }> = [
  { state: 'CREATED', assignee: null },
  { state: 'CREATED', assignee: 'demo' },
  { state: 'CREATED', assignee: null },
  { state: 'COMPLETED', assignee: 'demo' },
  { state: 'CREATED', assignee: 'john' },
  { state: 'CANCELED', assignee: null },
  { state: 'CREATED', assignee: null },
];

export function buildSeed(options: SeedOptions = {}): SeedData {
  const taskCount = options.taskCount ?? 30;
  const tpl = templates();
  const tasks: TaskRecord[] = [];
  const variables: VariableRecord[] = [];
  const minute = 60_000;
  const day = 24 * 60 * minute;

  for (let n = 0; n < taskCount; n++) {
    const t = tpl[n % tpl.length] as ProcessTemplate;
    const kind = t.tasks[Math.floor(n / tpl.length) % t.tasks.length] as ProcessTemplate['tasks'][number];
    const cycle = STATE_CYCLE[n % STATE_CYCLE.length] as (typeof STATE_CYCLE)[number];
    const created = SEED_EPOCH_MS + n * 37 * minute;
    const id = key(1000 + n * 7);
    const done = cycle.state === 'COMPLETED' || cycle.state === 'CANCELED';
    tasks.push({
      id,
      name: kind.name,
      taskDefinitionId: kind.taskDefinitionId,
      processName: t.process.name,
      creationDate: tasklistTimestamp(created),
      completionDate: done ? tasklistTimestamp(created + 3 * 60 * minute) : null,
      assignee: cycle.assignee,
      taskState: cycle.state,
      formKey: kind.formKey,
      formId: kind.formId,
      formVersion: kind.formId ? 2 : null,
      isFormEmbedded: kind.formKey ? true : kind.formId ? false : null,
      processDefinitionKey: t.process.id,
      processInstanceKey: key(500 + n * 7),
      tenantId: '<default>',
      // Every third task has no due date, every fourth no follow-up date: sorting must handle nulls.
      dueDate: n % 3 === 2 ? null : tasklistTimestamp(created + (2 + (n % 5)) * day),
      followUpDate: n % 4 === 3 ? null : tasklistTimestamp(created + (1 + (n % 3)) * day),
      candidateGroups: [...kind.candidateGroups],
      candidateUsers: [...kind.candidateUsers],
      implementation: n % 2 === 0 ? 'JOB_WORKER' : 'ZEEBE_USER_TASK',
      priority: (n * 13) % 101,
    });
    for (const [name, value] of Object.entries(kind.variables(n))) {
      variables.push({ id: `${id}-${name}`, taskId: id, name, value: JSON.stringify(value), draft: null, tenantId: '<default>' });
    }
  }
  return { processes: tpl.map((t) => t.process), forms: seedForms(), tasks, variables };
}

/** Keys for records created at run time (startProcess), far above the seed's. */
export function runtimeKey(n: number): string {
  return key(900_000 + n);
}
