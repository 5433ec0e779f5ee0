/**
 * The task's form: `form.html?task=<id>`. Reads the task (generated REST v1 functions), finds its
 * form in the registry generated from the BPMN files (`generated/forms/tasks.ts`), renders the
 * form's schema as the server stores it with form-js, prefilled with exactly the form's input
 * variables, and completes the task with what form-js submits — through the typed completion,
 * which checks the values against the form before anything is sent.
 *
 * This page talks to a server without sign-in (the emulator, C8 Run); behind a sign-in, build the
 * transport the way main.ts does and pass it as `fetch`.
 */
import { Form } from '@bpmn-io/form-js-viewer';
import {
  completeTaskWithForm,
  createTasklistClient,
  FormValidationError,
  prefillTask,
  type FormValuesOf,
} from '../../../src/runtime/index.js';
import { taskForm } from '../../../generated/forms/index.js';
import * as rest from '../../../generated/rest/index.js';
import type { paths } from '../../../generated/rest/schema.js';

const status = document.getElementById('form-status')!;
const container = document.getElementById('task-form')!;
const completeButton = document.getElementById('complete') as HTMLButtonElement;

function show(text: string, state: string): void {
  status.textContent = text;
  document.body.dataset.state = state;
}

async function open(): Promise<void> {
  const taskId = new URLSearchParams(location.search).get('task');
  if (!taskId) return show('Open this page as form.html?task=<task id>.', 'no-task');
  // The page's own session cookie signs the calls: the browser's fetch as is, no strategy.
  const client = createTasklistClient<paths>({ baseUrl: location.origin, fetch: globalThis.fetch.bind(globalThis), graphql: false });
  const api = client.rest;
  const task = await rest.getTaskById(api, { path: { taskId } });
  const entry = taskForm({ taskDefinitionId: task.taskDefinitionId ?? null, formId: task.formId ?? null, formKey: task.formKey ?? null });
  if (!entry?.form)
    return show(
      `Task ${taskId} has no form this page has types for (${entry ? `binding: ${entry.binding}` : 'not in the BPMN files'}).`,
      'no-form',
    );
  const definition = entry.form;
  // An embedded form is stored under the id after `camunda-forms:bpmn:`; a linked one under its form id.
  const formId = task.formId ?? task.formKey!.replace(/^camunda-forms:bpmn:/, '');
  const stored = await rest.getForm(api, { path: { formId }, query: { processDefinitionKey: task.processDefinitionKey! } });
  const prefill = await prefillTask(client, definition, taskId);

  const form = new Form({ container });
  await form.importSchema(JSON.parse(stored.schema!), prefill);
  document.body.dataset.formId = definition.formId;
  form.on('submit', (event: { data: unknown; errors: Record<string, unknown> }) => {
    if (Object.keys(event.errors).length > 0) return show('Fix the marked fields.', 'invalid');
    (window as unknown as { submitted: unknown }).submitted = event.data;
    // form-js's data is untyped; completeTaskWithForm checks it against this form's rules first.
    completeTaskWithForm(client, definition, taskId, event.data as FormValuesOf<typeof definition>).then(
      () => show(`Completed task ${taskId}.`, 'completed'),
      (error: unknown) =>
        show(error instanceof FormValidationError ? error.problems.map((p) => p.message).join('; ') : String(error), 'failed'),
    );
  });
  completeButton.addEventListener('click', () => form.submit());
  completeButton.disabled = false;
  show(`Task ${taskId}: ${task.name ?? ''} (${definition.formId})`, 'ready');
}

open().catch((error: unknown) => show(error instanceof Error ? error.message : String(error), 'failed'));
