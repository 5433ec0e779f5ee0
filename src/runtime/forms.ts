/**
 * Typed task forms at run time: what `generated/forms/` describes each form with, a validator
 * with form-js's rules, and the calls that complete a task with a form's values (validating
 * first) or read the variables a form prefills from. Browser-safe: plain fetch, no Node modules.
 *
 * The validator follows form-js's viewer (`Validator.runPresetValidation` and its number checks):
 * the same conditions, the same email and phone patterns. A limit given as a FEEL expression
 * (`min: "=maxAmount"`) is reported as not checked — evaluating FEEL here would be a guess.
 */
import { TasklistError } from '../util/errors.js';
import { HttpError } from './errors.js';
import { requestGraphQL, type GraphQLClient } from './graphql.js';
import type { RequestOptions, TasklistFetch } from './types.js';

/** An option list a select, radio, checklist or taglist reads from a variable (`valuesKey`), in the shapes form-js accepts. */
export type FormOptions = ReadonlyArray<string | number | boolean | { label?: string; value: unknown }>;

/** A file a filepicker's form submitted, once Tasklist uploaded it: a Camunda document reference. */
export interface FormDocumentReference {
  'camunda.document.type': 'camunda';
  storeId: string;
  documentId: string;
  contentHash?: string;
  metadata?: Record<string, unknown>;
}

/** A limit: a number, or a FEEL expression the form evaluates at run time. */
export type FormLimit = number | { expression: string };

/** One keyed field of a form and the checks form-js runs on it. */
export interface FormFieldRule {
  /** The key as a person reads it: `amount`, `address.city`, `items[].price`. */
  key: string;
  /** From the submitted object's root; `[]` stands for each element of a dynamic list. */
  path: string[];
  /** The form-js component type (`textfield`, `number`, …). */
  type: string;
  label?: string;
  required?: true;
  /** Never submitted, never validated (form-js skips disabled fields). */
  disabled?: true;
  /** A FEEL condition that hides the field; a hidden field is neither submitted nor validated. */
  hiddenWhen?: string;
  /** Inside a container that may be absent (hidden, disabled or read-only). */
  mayBeAbsent?: true;
  min?: FormLimit;
  max?: FormLimit;
  minLength?: FormLimit;
  maxLength?: FormLimit;
  pattern?: string;
  patternErrorMessage?: string;
  validationType?: 'email' | 'phone';
  decimalDigits?: number;
}

/**
 * A form as the generated code describes it. `TValues` is what submitting it produces, `TInput`
 * what it reads to prefill; they exist only for the type checker.
 */
export interface FormDefinition<TValues = unknown, TInput = unknown> {
  readonly formId: string;
  /** Top-level variable names the form reads (keys and option lists), sorted. */
  readonly inputVariables: readonly string[];
  readonly rules: readonly FormFieldRule[];
  readonly __types?: { values: TValues; input: TInput };
}

/** The values type of a generated form definition. */
export type FormValuesOf<F> = F extends FormDefinition<infer V, unknown> ? V : never;
/** The prefill (input variables) type of a generated form definition. */
export type FormInputOf<F> = F extends FormDefinition<unknown, infer I> ? I : never;

export type FormRuleName =
  | 'required'
  | 'min'
  | 'max'
  | 'minLength'
  | 'maxLength'
  | 'pattern'
  | 'validationType'
  | 'decimalDigits'
  | 'number';

/** A value that breaks one of the form's rules. `key` has concrete indexes: `items[2].price`. */
export interface FormProblem {
  key: string;
  rule: FormRuleName;
  message: string;
}

/** A rule that could not be checked here (a FEEL limit, a field whose visibility FEEL decides). */
export interface FormNotChecked {
  key: string;
  rule: FormRuleName;
  reason: string;
}

export interface FormValidation {
  valid: boolean;
  problems: FormProblem[];
  notChecked: FormNotChecked[];
}

/** form-js's patterns (form-js-viewer, `Validator`), so a value passes here exactly when it passes there. */
const EMAIL_PATTERN =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
const PHONE_PATTERN = new RegExp(
  '(\\+|00)(297|93|244|1264|358|355|376|971|54|374|1684|1268|61|43|994|257|32|229|226|880|359|973|1242|387|590|375|501|1441|591|55|1246|673|975|267|236|1|61|41|56|86|225|237|243|242|682|57|269|238|506|53|5999|61|1345|357|420|49|253|1767|45|1809|1829|1849|213|593|20|291|212|34|372|251|358|679|500|33|298|691|241|44|995|44|233|350|224|590|220|245|240|30|1473|299|502|594|1671|592|852|504|385|509|36|62|44|91|246|353|98|964|354|972|39|1876|44|962|81|76|77|254|996|855|686|1869|82|383|965|856|961|231|218|1758|423|94|266|370|352|371|853|590|212|377|373|261|960|52|692|389|223|356|95|382|976|1670|258|222|1664|596|230|265|60|262|264|687|227|672|234|505|683|31|47|977|674|64|968|92|507|64|51|63|680|675|48|1787|1939|850|351|595|970|689|974|262|40|7|250|966|249|221|65|500|4779|677|232|503|378|252|508|381|211|239|597|421|386|46|268|1721|248|963|1649|235|228|66|992|690|993|670|676|1868|216|90|688|886|255|256|380|598|1|998|3906698|379|1784|58|1284|1340|84|678|681|685|967|27|260|263)' +
    '(9[976]\\d|8[987530]\\d|6[987]\\d|5[90]\\d|42\\d|3[875]\\d|2[98654321]\\d|9[8543210]|8[6421]|6[6543210]|5[87654321]|4[987654310]|3[9643210]|2[70]|7|1)\\d{4,20}$',
);

/** Checks `values` against every rule of `form`; never throws, returns every problem. */
export function validateFormValues(form: Pick<FormDefinition, 'rules'>, values: unknown): FormValidation {
  const problems: FormProblem[] = [];
  const notChecked: FormNotChecked[] = [];
  for (const rule of form.rules) {
    if (rule.disabled) continue;
    for (const { key, value, present } of valuesAt(values, rule.path)) {
      if (!present) {
        if (!rule.required) continue;
        if (rule.hiddenWhen)
          notChecked.push({
            key,
            rule: 'required',
            reason: `absent; it is required unless hidden by ${rule.hiddenWhen}, which is not evaluated here`,
          });
        else if (!rule.mayBeAbsent) problems.push({ key, rule: 'required', message: `${name(rule, key)} is required` });
        continue;
      }
      checkValue(rule, key, value, problems, notChecked);
    }
  }
  return { valid: problems.length === 0, problems, notChecked };
}

function checkValue(rule: FormFieldRule, key: string, value: unknown, problems: FormProblem[], notChecked: FormNotChecked[]): void {
  const problem = (kind: FormRuleName, message: string) => problems.push({ key, rule: kind, message: `${name(rule, key)} ${message}` });
  const limit = (kind: 'min' | 'max' | 'minLength' | 'maxLength'): number | undefined => {
    const given = rule[kind];
    if (given === undefined) return undefined;
    if (typeof given === 'number') return given;
    notChecked.push({ key, rule: kind, reason: `the limit is the FEEL expression ${given.expression}, which is not evaluated here` });
    return undefined;
  };
  if (rule.type === 'number' && value !== null && value !== undefined && value !== '') {
    if (value === 'NaN' || !Number.isFinite(Number(value))) problem('number', 'is not a number');
    else if (rule.decimalDigits !== undefined && decimals(value) > rule.decimalDigits) {
      problem(
        'decimalDigits',
        rule.decimalDigits === 0 ? 'must be an integer' : `must have at most ${rule.decimalDigits} decimal digit(s)`,
      );
    }
  }
  if (rule.pattern && truthy(value) && !new RegExp(rule.pattern).test(String(value))) {
    problem(
      'pattern',
      rule.patternErrorMessage ? `does not match its pattern: ${rule.patternErrorMessage}` : `must match the pattern ${rule.pattern}`,
    );
  }
  if (rule.required) {
    const empty =
      value === null ||
      value === undefined ||
      value === '' ||
      (rule.type === 'checkbox' && value === false) ||
      (Array.isArray(value) && value.length === 0);
    if (empty) problem('required', 'is required');
  }
  const min = limit('min');
  const max = limit('max');
  if ((min !== undefined || max !== undefined) && (truthy(value) || value === 0)) {
    const n = Number(value);
    if (!Number.isFinite(n)) problem(min !== undefined ? 'min' : 'max', 'is not a number, so its limits cannot hold');
    else {
      if (min !== undefined && n < min) problem('min', `must be at least ${min}`);
      if (max !== undefined && n > max) problem('max', `must be at most ${max}`);
    }
  }
  const minLength = limit('minLength');
  const maxLength = limit('maxLength');
  if (typeof value === 'string' && value !== '') {
    const length = value.trim().length;
    if (minLength !== undefined && length < minLength) problem('minLength', `must be at least ${minLength} characters long`);
    if (maxLength !== undefined && length > maxLength) problem('maxLength', `must be at most ${maxLength} characters long`);
  }
  if (rule.validationType && truthy(value)) {
    const text = String(value);
    if (rule.validationType === 'email' && !EMAIL_PATTERN.test(text)) problem('validationType', 'must be a valid email address');
    if (rule.validationType === 'phone' && !PHONE_PATTERN.test(text))
      problem('validationType', 'must be a valid international phone number (e.g. +4930664040900)');
  }
}

function truthy(value: unknown): boolean {
  return Boolean(value);
}

function decimals(value: unknown): number {
  const text = String(value);
  if (/e-/i.test(text)) return Number(text.split(/e-/i)[1]) + (text.split('.')[1]?.split(/e/i)[0]?.length ?? 0);
  return text.includes('.') ? text.split('.')[1]!.length : 0;
}

function name(rule: FormFieldRule, key: string): string {
  return rule.label ? `${key} (${rule.label})` : key;
}

/** Every value at `path` ('[]' fans out over an array), with its concrete key. */
function valuesAt(root: unknown, path: readonly string[]): Array<{ key: string; value: unknown; present: boolean }> {
  let current: Array<{ key: string; value: unknown; present: boolean }> = [{ key: '', value: root, present: true }];
  for (const segment of path) {
    const next: typeof current = [];
    for (const entry of current) {
      if (segment === '[]') {
        if (Array.isArray(entry.value))
          entry.value.forEach((item, i) => next.push({ key: `${entry.key}[${i}]`, value: item, present: true }));
        continue;
      }
      const key = entry.key === '' ? segment : `${entry.key}.${segment}`;
      const holder = entry.value;
      const present =
        entry.present && typeof holder === 'object' && holder !== null && Object.prototype.hasOwnProperty.call(holder, segment);
      next.push({ key, value: present ? (holder as Record<string, unknown>)[segment] : undefined, present });
    }
    current = next;
  }
  return current;
}

/** The values broke the form's rules; nothing was sent. */
export class FormValidationError extends TasklistError<'FORM_INVALID'> {
  override name = 'FormValidationError';
  readonly formId: string;
  readonly problems: FormProblem[];
  constructor(formId: string, problems: FormProblem[]) {
    super('FORM_INVALID', `The values do not pass form ${formId}: ${problems.map((p) => p.message).join('; ')}`, {
      hint: 'Fix the values (each problem names its key); nothing was sent to the server',
    });
    this.formId = formId;
    this.problems = problems;
  }
}

/** What the completion and prefill calls need: `createTasklistClient(...)` returns one. */
export interface FormClient {
  readonly baseUrl: string;
  readonly fetch: TasklistFetch;
}

function assertValid(form: FormDefinition, values: unknown): void {
  const result = validateFormValues(form, values);
  if (!result.valid) throw new FormValidationError(form.formId, result.problems);
}

async function send(
  client: FormClient,
  method: string,
  path: string,
  body: unknown,
  options: RequestOptions | undefined,
): Promise<Response> {
  const url = `${client.baseUrl.replace(/\/+$/, '')}${path}`;
  const response = await client.fetch(url, {
    method,
    headers: { 'content-type': 'application/json', accept: 'application/json', ...options?.headers },
    body: JSON.stringify(body),
    ...(options?.signal ? { signal: options.signal } : {}),
  });
  if (!response.ok) throw await HttpError.fromResponse(response, url);
  return response;
}

/**
 * Completes a Camunda user task (Orchestration Cluster API v2, 8.6+) with the form's values,
 * after checking them against the form. The key is a string: Camunda keys are int64.
 */
export async function completeUserTaskWithForm<F extends FormDefinition>(
  client: FormClient,
  form: F,
  userTaskKey: string,
  values: FormValuesOf<F>,
  options?: RequestOptions & { action?: string },
): Promise<void> {
  assertValid(form, values);
  const body: Record<string, unknown> = { variables: values };
  if (options?.action !== undefined) body['action'] = options.action;
  await send(client, 'POST', `/v2/user-tasks/${encodeURIComponent(userTaskKey)}/completion`, body, options);
}

/**
 * Completes a task over Tasklist REST v1 with the form's values, after checking them. v1 takes
 * each top-level variable as a name and a JSON text. Resolves to the completed task as Tasklist returns it.
 */
export async function completeTaskWithForm<F extends FormDefinition>(
  client: FormClient,
  form: F,
  taskId: string,
  values: FormValuesOf<F>,
  options?: RequestOptions,
): Promise<unknown> {
  assertValid(form, values);
  const variables = Object.entries(values as Record<string, unknown>).map(([name, value]) => ({ name, value: JSON.stringify(value) }));
  const response = await send(client, 'PATCH', `/v1/tasks/${encodeURIComponent(taskId)}/complete`, { variables }, options);
  return response.json();
}

const COMPLETE_TASK_MUTATION = `mutation CompleteTaskWithForm($taskId: String!, $variables: [VariableInput!]!) {
  completeTask(taskId: $taskId, variables: $variables) { id taskState }
}`;

/** Completes a task over Tasklist's GraphQL API (8.5 and earlier) with the form's values, after checking them. */
export async function completeTaskWithFormOverGraphQL<F extends FormDefinition>(
  graphql: GraphQLClient,
  form: F,
  taskId: string,
  values: FormValuesOf<F>,
  options?: RequestOptions,
): Promise<{ id: string; taskState: string }> {
  assertValid(form, values);
  const variables = Object.entries(values as Record<string, unknown>).map(([name, value]) => ({ name, value: JSON.stringify(value) }));
  const data = await requestGraphQL<{ completeTask: { id: string; taskState: string } }, { taskId: string; variables: typeof variables }>(
    graphql,
    COMPLETE_TASK_MUTATION,
    { taskId, variables },
    options,
  );
  return data.completeTask;
}

/** Variable values arrive as JSON text; one that is not JSON stays the text it is. */
function parseValue(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Reads exactly the form's input variables of a Camunda user task (v2), untruncated
 * (`truncateValues=false`). It asks for the effective variables (one per name, the innermost
 * scope's value, as the task sees them); a server without that endpoint (404) is asked for the
 * task's variables instead, and there too the task's own scope wins over the process instance's.
 */
export async function prefillUserTask<F extends FormDefinition>(
  client: FormClient,
  form: F,
  userTaskKey: string,
  options?: RequestOptions,
): Promise<Partial<FormInputOf<F>>> {
  if (form.inputVariables.length === 0) return {};
  const body = { filter: { name: { $in: [...form.inputVariables] } }, page: { limit: Math.max(100, form.inputVariables.length * 4) } };
  const path = (endpoint: string) => `/v2/user-tasks/${encodeURIComponent(userTaskKey)}/${endpoint}/search?truncateValues=false`;
  let response: Response;
  try {
    response = await send(client, 'POST', path('effective-variables'), body, options);
  } catch (error) {
    if (!(error instanceof HttpError) || error.status !== 404) throw error;
    response = await send(client, 'POST', path('variables'), body, options);
  }
  const found = (await response.json()) as {
    items?: Array<{ name: string; value: string; scopeKey?: string; processInstanceKey?: string }>;
  };
  const out: Record<string, unknown> = {};
  const fromTaskScope = new Set<string>();
  for (const item of found.items ?? []) {
    if (!form.inputVariables.includes(item.name)) continue;
    const own = item.scopeKey !== undefined && item.scopeKey !== item.processInstanceKey;
    if (item.name in out && (fromTaskScope.has(item.name) || !own)) continue;
    out[item.name] = parseValue(item.value);
    if (own) fromTaskScope.add(item.name);
  }
  return out as Partial<FormInputOf<F>>;
}

/** Reads exactly the form's input variables of a task over Tasklist REST v1, full values. */
export async function prefillTask<F extends FormDefinition>(
  client: FormClient,
  form: F,
  taskId: string,
  options?: RequestOptions,
): Promise<Partial<FormInputOf<F>>> {
  if (form.inputVariables.length === 0) return {};
  const names = [...form.inputVariables];
  const response = await send(
    client,
    'POST',
    `/v1/tasks/${encodeURIComponent(taskId)}/variables/search`,
    { variableNames: names, includeVariables: names.map((name) => ({ name, alwaysReturnFullValue: true })) },
    options,
  );
  const items = (await response.json()) as Array<{ name: string; value: string | null }>;
  const out: Record<string, unknown> = {};
  for (const item of items) if (names.includes(item.name) && item.value !== null) out[item.name] = parseValue(item.value);
  return out as Partial<FormInputOf<F>>;
}

/** What a task from a search says about where it is: v2 user tasks, v1 and GraphQL tasks all fit. */
export interface TaskFormLookup {
  /** v2: the BPMN process id. (v1 and GraphQL put the numeric definition key in similar fields; a number is ignored.) */
  processDefinitionId?: string | null;
  bpmnProcessId?: string | null;
  /** v2: the element id. */
  elementId?: string | null;
  /** v1, GraphQL: the element id. */
  taskDefinitionId?: string | null;
  formId?: string | null;
  formKey?: string | null;
}

/** The fields of a generated `userTaskForms` entry the lookup reads. */
export interface TaskFormRegistryEntry {
  readonly processId: string;
  readonly elementId: string;
  readonly formId?: string;
  readonly formKey?: string;
}

/**
 * The registry entry for a task: by process id and element id when the task says both; else by
 * element id when only one process has it, or when the task's `formId`/`formKey` tells the
 * candidates apart. Undefined when the task is not in the registry or cannot be told apart.
 */
export function findTaskForm<E extends TaskFormRegistryEntry>(entries: readonly E[], task: TaskFormLookup): E | undefined {
  const elementId = task.elementId ?? task.taskDefinitionId ?? undefined;
  if (!elementId) return undefined;
  const processId = [task.bpmnProcessId, task.processDefinitionId].find(
    (id): id is string => typeof id === 'string' && id !== '' && !/^\d+$/.test(id),
  );
  if (processId) return entries.find((e) => e.processId === processId && e.elementId === elementId);
  const candidates = entries.filter((e) => e.elementId === elementId);
  if (candidates.length <= 1) return candidates[0];
  const narrowed = candidates.filter((e) => (task.formId ? e.formId === task.formId : task.formKey ? e.formKey === task.formKey : false));
  return narrowed.length === 1 ? narrowed[0] : undefined;
}
