/**
 * Reading forms and BPMN files: what the generator gets from files made by Camunda Modeler, and
 * one clear message naming file:line:column for each thing a person got wrong.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readBpmnText } from '../../src/generate/forms/bpmn.js';
import { parseFormText } from '../../src/generate/forms/load.js';
import { fixture } from './helpers.js';

const named = () => 'x';

function formError(text: string): string {
  try {
    parseFormText(text, 'forms/bad.form', named);
  } catch (error) {
    expect((error as Error).name).toBe('FormInputError');
    return (error as Error).message;
  }
  throw new Error('expected a FormInputError');
}

describe('.form files', () => {
  it('reads the Modeler fixtures (every component type) without a problem', () => {
    for (const name of ['all-components.form', 'invoice-approval.form']) {
      const form = parseFormText(readFileSync(fixture(name), 'utf8'), name, (d) => d.id ?? name);
      expect(form.document.components.length).toBeGreaterThan(5);
    }
  });

  it('a form saved with a byte order mark reads as without it, and locates its mistakes the same', () => {
    const text = readFileSync(fixture('invoice-approval.form'), 'utf8');
    const form = parseFormText(`\ufeff${text}`, 'invoice-approval.form', (d) => d.id ?? 'x');
    expect(form.document).toEqual(parseFormText(text, 'invoice-approval.form', (d) => d.id ?? 'x').document);
    expect(form.text).toBe(text);
    expect(formError('\ufeff{ "type": "default" "components": [] }')).toMatch(/^forms\/bad\.form:1:21: not valid JSON/);
  });

  it('broken JSON: file:line:column of the mistake', () => {
    expect(formError('{\n  "type": "default",\n  "components": [\n    { "type": "textfield" "key": "a" }\n  ]\n}')).toMatch(
      /^forms\/bad\.form:4:\d+: not valid JSON/,
    );
  });

  it('schema violations: every one, each at its own line and column, in form-js terms', () => {
    const text = [
      '{',
      '  "type": "default",',
      '  "components": [',
      '    { "type": "textfield", "id": "Field_1", "label": "No key" },',
      '    { "type": "datetime", "key": "when", "subtype": "week" },',
      '    { "type": "select", "key": "has space" },',
      '    { "type": "number", "key": "n", "validate": { "min": "ten" } },',
      '    { "type": "dynamiclist", "components": [] }',
      '  ]',
      '}',
    ].join('\n');
    const lines = formError(text).split('\n');
    expect(lines[0]).toBe("forms/bad.form:4:5: components[0] is missing 'key' (5 problems)");
    expect(lines.slice(1)).toEqual([
      'forms/bad.form:5:53: components[1].subtype must be one of "date", "time", "datetime"',
      'forms/bad.form:6:32: components[2].key must be a dot-separated path without spaces',
      'forms/bad.form:7:58: components[3].validate.min must be a number, a boolean or a FEEL expression (starting with =), as the property allows',
      "forms/bad.form:8:5: components[4] is missing 'path'",
    ]);
  });

  it('the root must be a form', () => {
    expect(formError('{ "components": [] }')).toBe("forms/bad.form:1:1: the form is missing 'type'");
    expect(formError('[]')).toMatch(/^forms\/bad\.form:1:1: the form must be object/);
  });
});

describe('BPMN files', () => {
  it('finds each user task and its form: linked, embedded, external, none — also inside a sub-process', () => {
    const bpmn = readBpmnText(readFileSync(fixture('invoice-approval.bpmn'), 'utf8'), 'invoice-approval.bpmn');
    expect(
      bpmn.tasks.map(({ processId, elementId, implementation, binding, location }) => ({
        processId,
        elementId,
        implementation,
        binding,
        location,
      })),
    ).toEqual([
      {
        processId: 'invoiceApproval',
        elementId: 'approveInvoice',
        implementation: 'ZEEBE_USER_TASK',
        binding: { kind: 'linked', formId: 'invoice-approval', bindingType: 'deployment' },
        location: 'invoice-approval.bpmn:36:5',
      },
      {
        processId: 'invoiceApproval',
        elementId: 'archiveInvoice',
        implementation: 'ZEEBE_USER_TASK',
        binding: undefined,
        location: 'invoice-approval.bpmn:55:5',
      },
      {
        processId: 'invoiceApproval',
        elementId: 'prepareTransfer',
        implementation: 'ZEEBE_USER_TASK',
        binding: { kind: 'external', reference: 'https://erp.example.com/transfers/new' },
        location: 'invoice-approval.bpmn:48:7',
      },
      {
        processId: 'invoiceApproval',
        elementId: 'reviewScan',
        implementation: 'JOB_WORKER',
        binding: { kind: 'embedded', formKey: 'camunda-forms:bpmn:UserTaskForm_2r4v8oq', embeddedId: 'UserTaskForm_2r4v8oq' },
        location: 'invoice-approval.bpmn:29:5',
      },
    ]);
    expect(bpmn.embedded.map((f) => [f.source, f.name, f.document.components.map((c) => c.key)])).toEqual([
      ['invoice-approval.bpmn#UserTaskForm_2r4v8oq', 'scan-review', ['scanReadable', 'pageCount']],
    ]);
  });

  it('reads the entity-escaped JSON Modeler writes into zeebe:userTaskForm (forms/loan-approval.bpmn)', () => {
    const bpmn = readBpmnText(readFileSync(fixture('../../../forms/loan-approval.bpmn'), 'utf8'), 'forms/loan-approval.bpmn');
    expect(bpmn.embedded[0]!.document.id).toBe('reviewLoanForm');
    expect(bpmn.tasks.map((t) => t.binding?.kind)).toEqual(['embedded', 'embedded']);
  });

  it('broken XML, and a broken embedded form, are located', () => {
    expect(() => readBpmnText('<bpmn:definitions>\n  <bpmn:process id="p">\n</bpmn:definitions>', 'p.bpmn')).toThrow(
      /^p\.bpmn:3:\d+: not valid XML/,
    );
    const embedded = [
      '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0">',
      '  <bpmn:process id="p">',
      '    <bpmn:extensionElements>',
      '      <zeebe:userTaskForm id="F1">{ "type": "default", "components": [{ "type": "checkbox" }] }</zeebe:userTaskForm>',
      '    </bpmn:extensionElements>',
      '  </bpmn:process>',
      '</bpmn:definitions>',
    ].join('\n');
    expect(() => readBpmnText(embedded, 'p.bpmn')).toThrow(
      "p.bpmn:4:7: in the embedded form F1: p.bpmn#F1:1:37: components[0] is missing 'key'",
    );
    expect(() => readBpmnText('<definitions2/>', 'x.bpmn')).toThrow(/^x\.bpmn:1:1: not a BPMN file/);
  });
});
