/**
 * Which user task uses which form, read from BPMN files the way Zeebe reads them:
 * - linked: `<zeebe:formDefinition formId="…" bindingType="latest|deployment|versionTag"/>`;
 * - embedded: `<zeebe:formDefinition formKey="camunda-forms:bpmn:<id>"/>` naming a
 *   `<zeebe:userTaskForm id="<id>">` of the process, whose text is the form's JSON;
 * - external: `externalReference="…"`, or any other `formKey`: a custom form with no schema here.
 *
 * fast-xml-parser reads the XML (pure JavaScript, maintained, and it validates with line and
 * column); namespace prefixes are dropped, since Modeler and hand-written files use different ones.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { formatLocation, positionOfOffset } from '../../fetch/source-location.js';
import { FormInputError, parseFormText, type LoadedForm } from './load.js';

export const EMBEDDED_FORM_PREFIX = 'camunda-forms:bpmn:';

export type TaskFormBinding =
  | { kind: 'linked'; formId: string; bindingType: 'latest' | 'deployment' | 'versionTag'; versionTag?: string }
  | { kind: 'embedded'; formKey: string; embeddedId: string }
  | { kind: 'external'; reference: string };

export interface UserTaskLink {
  /** The BPMN process id (`<bpmn:process id>`), Tasklist's `processDefinitionId` / `bpmnProcessId`. */
  processId: string;
  /** The user task's element id, Tasklist's `taskDefinitionId` / `elementId`. */
  elementId: string;
  name: string | undefined;
  /** `file:line:column` of the task element. */
  location: string;
  /** `ZEEBE_USER_TASK` with `<zeebe:userTask/>` (Camunda user task, completed over v2), else `JOB_WORKER` (v1, GraphQL). */
  implementation: 'ZEEBE_USER_TASK' | 'JOB_WORKER';
  /** No binding: the task has no form. */
  binding: TaskFormBinding | undefined;
}

export interface BpmnForms {
  tasks: UserTaskLink[];
  /** Forms embedded in the BPMN files (`zeebe:userTaskForm`), checked like `.form` files. */
  embedded: LoadedForm[];
}

type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  textNodeName: '#text',
  // Entities in attribute values and text (`&#34;` in an embedded form's JSON) are decoded.
  processEntities: true,
  htmlEntities: true,
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  isArray: (name) => ARRAY_ELEMENTS.has(name),
});

const ARRAY_ELEMENTS = new Set(['process', 'userTask', 'subProcess', 'adHocSubProcess', 'transaction', 'userTaskForm', 'formDefinition']);
const SCOPES = ['subProcess', 'adHocSubProcess', 'transaction'] as const;

/** Reads one BPMN file's user tasks and embedded forms. `source` is the path shown in messages. */
export function readBpmnText(text: string, source: string): BpmnForms {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new FormInputError(
      `${formatLocation(source, { line: valid.err.line, column: valid.err.col })}: not valid XML (${valid.err.msg})`,
      'Fix the BPMN file (Camunda Modeler writes valid XML).',
    );
  }
  const root = parser.parse(text) as XmlNode;
  const definitions = root['definitions'] as XmlNode | undefined;
  if (!definitions || typeof definitions !== 'object') {
    throw new FormInputError(
      `${formatLocation(source, { line: 1, column: 1 })}: not a BPMN file (no <bpmn:definitions> element)`,
      'Point forms.bpmn in codegen.ts at BPMN 2.0 files.',
    );
  }
  const out: BpmnForms = { tasks: [], embedded: [] };
  for (const process of nodes(definitions['process'])) {
    const processId = attr(process, 'id');
    if (!processId) continue;
    const embedded = new Map<string, string>();
    for (const form of nodes(child(process, 'extensionElements')?.['userTaskForm'])) {
      const id = attr(form, 'id');
      if (id) embedded.set(id, textOf(form));
    }
    const tasks: XmlNode[] = [];
    collectUserTasks(process, tasks);
    for (const task of tasks) {
      const elementId = attr(task, 'id');
      if (!elementId) continue;
      out.tasks.push({
        processId,
        elementId,
        name: attr(task, 'name'),
        implementation: child(task, 'extensionElements')?.['userTask'] !== undefined ? 'ZEEBE_USER_TASK' : 'JOB_WORKER',
        location: locate(text, source, elementId),
        binding: bindingOf(task),
      });
    }
    for (const [id, json] of [...embedded].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const where = locate(text, source, id);
      const user = out.tasks
        .filter((t) => t.processId === processId && t.binding?.kind === 'embedded' && t.binding.embeddedId === id)
        .map((t) => t.elementId)
        .sort()[0];
      try {
        out.embedded.push(parseFormText(json.trim(), `${source}#${id}`, (document) => document.id ?? `${processId}-${user ?? id}`));
      } catch (error) {
        if (error instanceof FormInputError) throw new FormInputError(`${where}: in the embedded form ${id}: ${error.message}`, error.hint);
        throw error;
      }
    }
  }
  out.tasks.sort((a, b) => compare(`${a.processId} ${a.elementId}`, `${b.processId} ${b.elementId}`));
  return out;
}

export async function readBpmnFile(file: string, cwd: string): Promise<BpmnForms> {
  return readBpmnText(await readFile(file, 'utf8'), path.relative(cwd, file).split(path.sep).join('/'));
}

function collectUserTasks(scope: XmlNode, into: XmlNode[]): void {
  into.push(...nodes(scope['userTask']));
  for (const name of SCOPES) for (const inner of nodes(scope[name])) collectUserTasks(inner, into);
}

function bindingOf(task: XmlNode): TaskFormBinding | undefined {
  const definition = nodes(child(task, 'extensionElements')?.['formDefinition'])[0];
  if (!definition) return undefined;
  const formId = attr(definition, 'formId');
  if (formId) {
    const bindingType = attr(definition, 'bindingType');
    const binding: TaskFormBinding = {
      kind: 'linked',
      formId,
      bindingType: bindingType === 'deployment' || bindingType === 'versionTag' ? bindingType : 'latest',
    };
    const versionTag = attr(definition, 'versionTag');
    if (versionTag) binding.versionTag = versionTag;
    return binding;
  }
  const formKey = attr(definition, 'formKey');
  if (formKey?.startsWith(EMBEDDED_FORM_PREFIX))
    return { kind: 'embedded', formKey, embeddedId: formKey.slice(EMBEDDED_FORM_PREFIX.length) };
  const external = attr(definition, 'externalReference') ?? formKey;
  return external ? { kind: 'external', reference: external } : undefined;
}

function nodes(value: unknown): XmlNode[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is XmlNode => typeof v === 'object' && v !== null);
}

function child(node: XmlNode, name: string): XmlNode | undefined {
  const value = node[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'object' && first !== null ? (first as XmlNode) : undefined;
}

function attr(node: XmlNode, name: string): string | undefined {
  const value = node[`@${name}`];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function textOf(node: XmlNode): string {
  const text = node['#text'];
  return typeof text === 'string' ? text : '';
}

/** `file:line:column` of the element whose `id` attribute is `id` (the first one in the text). */
function locate(text: string, source: string, id: string): string {
  const match = new RegExp(`\\bid\\s*=\\s*["']${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']`).exec(text);
  if (!match) return source;
  const tagStart = text.lastIndexOf('<', match.index);
  return formatLocation(source, positionOfOffset(text, tagStart >= 0 ? tagStart : match.index));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
