/**
 * The emulator's forms: the seed's come from this repository's own `forms/` (the same files
 * `generate` turns into `generated/forms/`), and completing a task checks its form's `required`
 * fields against the task's variables merged with the completion's — with the generator's form
 * model and the runtime's validator, so the emulator and a bot agree on what is missing.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readBpmnText } from '../generate/forms/bpmn.js';
import { parseFormText, type FormDocument } from '../generate/forms/load.js';
import { buildFormModel } from '../generate/forms/model.js';
import { validateFormValues, type FormFieldRule } from '../runtime/forms.js';

const formsDir = new URL('../../forms/', import.meta.url);

const read = new Map<string, string>();

/** A `.form` file of the repository's `forms/`, as the JSON text Tasklist stores. */
export function repositoryForm(file: string): string {
  let text = read.get(file);
  if (text === undefined) {
    text = JSON.stringify(parseFormText(readFileSync(new URL(file, formsDir), 'utf8'), file, () => file).document);
    read.set(file, text);
  }
  return text;
}

/** The form embedded as `zeebe:userTaskForm id=…` in a BPMN file of `forms/`, as JSON text. */
export function repositoryEmbeddedForm(bpmnFile: string, userTaskFormId: string): string {
  const cached = read.get(`${bpmnFile}#${userTaskFormId}`);
  if (cached !== undefined) return cached;
  const source = fileURLToPath(new URL(bpmnFile, formsDir));
  const form = readBpmnText(readFileSync(source, 'utf8'), bpmnFile).embedded.find((f) => f.source.endsWith(`#${userTaskFormId}`));
  if (!form) throw new Error(`forms/${bpmnFile} embeds no form ${userTaskFormId}`);
  const text = JSON.stringify(form.document);
  read.set(`${bpmnFile}#${userTaskFormId}`, text);
  return text;
}

const rulesBySchema = new Map<string, FormFieldRule[]>();

/**
 * The keys a completion leaves empty that the form requires: form-js's `required` on the
 * variables after completing. Fields FEEL may hide are not held against it (it is not evaluated).
 */
export function missingRequired(schema: string, variables: Record<string, unknown>): string[] {
  let rules = rulesBySchema.get(schema);
  if (!rules) {
    const document = JSON.parse(schema) as FormDocument;
    rules = buildFormModel({ source: 'form', name: document.id ?? 'form', document, text: schema }).rules.filter((r) => r.required);
    rulesBySchema.set(schema, rules);
  }
  return validateFormValues({ rules }, variables)
    .problems.filter((p) => p.rule === 'required')
    .map((p) => p.key);
}
