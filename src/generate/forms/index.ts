/**
 * The forms generator: Camunda Forms (`.form` files, forms embedded in BPMN files) and the BPMN
 * files' user tasks in, `generated/forms/` out — one module per form, the task registry, an index.
 * One job: forms → TypeScript. The orchestrator (`../index.ts`) decides when it runs.
 */
import { canonicalJson } from '../../util/canonical-json.js';
import type { GeneratedFile, GenerationResult, GenerationWarning } from '../types.js';
import { readBpmnFile, type UserTaskLink } from './bpmn.js';
import { emitFormModule, emitIndex, emitTaskRegistry, formNames, type FormNames, type TaskEntry } from './emit.js';
import { FormInputError, loadFormFile, type LoadedForm } from './load.js';
import { buildFormModel } from './model.js';

export { FormInputError } from './load.js';

export interface FormsGeneratorOptions {
  /** `.form` files, absolute. */
  formFiles: string[];
  /** BPMN files, absolute. */
  bpmnFiles: string[];
  cwd: string;
  runtimeImport: string;
}

/** The output folder of this generator inside `generated/`. */
export const FORMS_DIR = 'forms';

export async function generateForms(options: FormsGeneratorOptions): Promise<GenerationResult> {
  const warnings: GenerationWarning[] = [];
  const files: GeneratedFile[] = [];
  const forms: LoadedForm[] = [];
  for (const file of options.formFiles) forms.push(await loadFormFile(file, options.cwd));
  const tasks: UserTaskLink[] = [];
  const embeddedByKey = new Map<string, LoadedForm>();
  for (const file of options.bpmnFiles) {
    const bpmn = await readBpmnFile(file, options.cwd);
    tasks.push(...bpmn.tasks);
    forms.push(...bpmn.embedded);
    for (const form of bpmn.embedded) embeddedByKey.set(form.source, form);
  }

  const modules = new Map<LoadedForm, FormNames>();
  const byFile = new Map<string, LoadedForm>();
  const byFormId = new Map<string, LoadedForm>();
  for (const form of dedupe(forms)) {
    const model = buildFormModel(form);
    const names = formNames(model);
    const clash = byFile.get(names.file);
    if (clash) {
      throw new FormInputError(
        `${form.source}: its generated names (${names.values}) are the same as those of ${clash.source}`,
        'Give one of the forms another id.',
      );
    }
    byFile.set(names.file, form);
    modules.set(form, names);
    if (form.document.id && !form.source.includes('#')) byFormId.set(form.document.id, form);
    for (const unknown of model.unknownTypes) {
      warnings.push({
        location: unknown.location,
        message: `component type ${JSON.stringify(unknown.type)} is not one form-js ships (a custom component?): its value is typed unknown`,
      });
    }
    files.push({ path: `${FORMS_DIR}/${names.file}.ts`, contents: emitFormModule(model, names, options.runtimeImport) });
  }

  const entries: TaskEntry[] = [];
  for (const task of tasks) {
    let form: LoadedForm | undefined;
    const binding = task.binding;
    if (binding?.kind === 'linked') {
      form = byFormId.get(binding.formId);
      if (!form)
        warnings.push({
          location: task.location,
          message: `user task ${task.elementId} links form ${JSON.stringify(binding.formId)}, which no .form file has as its id: no types for it (add the file, or run \`tasklist-codegen fetch\` to pull the deployed forms)`,
        });
    } else if (binding?.kind === 'embedded') {
      form = embeddedByKey.get(`${task.location.replace(/:\d+:\d+$/, '')}#${binding.embeddedId}`);
      if (!form)
        warnings.push({
          location: task.location,
          message: `user task ${task.elementId} embeds ${binding.formKey}, which its process does not define: no types for it`,
        });
    } else if (binding?.kind === 'external') {
      warnings.push({
        location: task.location,
        message: `user task ${task.elementId} uses a custom form (${binding.reference}): there is no form schema, so its values are not typed`,
      });
    }
    entries.push({ task, names: form ? modules.get(form) : undefined });
  }

  const moduleFiles = [...byFile.keys()].sort();
  if (entries.length > 0) files.push({ path: `${FORMS_DIR}/tasks.ts`, contents: emitTaskRegistry(entries, options.runtimeImport) });
  files.push({ path: `${FORMS_DIR}/index.ts`, contents: emitIndex(moduleFiles, entries.length > 0) });
  return { files: files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), warnings };
}

/**
 * The same form can be both in the project and fetched into `schemas/forms/`: identical
 * documents count once (the first, the project's own), different ones with one id are an error.
 */
function dedupe(list: LoadedForm[]): LoadedForm[] {
  const seen = new Map<string, LoadedForm>();
  for (const form of list) {
    const key = form.document.id && !form.source.includes('#') ? `id:${form.document.id}` : `source:${form.source}`;
    const earlier = seen.get(key);
    if (!earlier) {
      seen.set(key, form);
      continue;
    }
    if (canonicalJson(earlier.document) !== canonicalJson(form.document)) {
      throw new FormInputError(
        `${form.source}: form id ${JSON.stringify(form.document.id)} is also the id of ${earlier.source}, with different contents`,
        'Keep one of them, or run `tasklist-codegen fetch` again to refresh the fetched copy.',
      );
    }
  }
  return [...seen.values()];
}
