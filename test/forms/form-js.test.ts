/**
 * The proof that the generated types describe what form-js really submits: the fixture forms are
 * rendered by form-js's own viewer in Debian's headless Chromium, filled in through the page like
 * a user does, submitted with form-js's submit button; the data form-js emits is then compiled
 * against the generated type (it must type-check), and the same data missing a required key must
 * not. form-js's own validation and validateFormValues must agree on what is missing.
 *
 * Chromium missing is a failure with a reason, not a skip: `.ci/run` installs it with apt.
 */
import { existsSync, readFileSync as readText } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, chromiumPath } from '../support/chromium.js';
import { buildFormModel } from '../../src/generate/forms/model.js';
import { parseFormText } from '../../src/generate/forms/load.js';
import { validateFormValues } from '../../src/runtime/forms.js';
import { fixture, generatedFixtureForms, repoRoot, typeErrors } from './helpers.js';

let browser: Browser;
let html: string;
let dir: string;

beforeAll(async () => {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium is not installed at ${chromiumPath}: install Debian's package (apt-get install -y chromium; .ci/run does this) or set CHROMIUM_PATH. This test never downloads a browser.`,
    );
  }
  const require = createRequire(import.meta.url);
  const viewer = require.resolve('@bpmn-io/form-js-viewer/package.json', { paths: [repoRoot] });
  // form-js's viewer as the page loads it: its ES build bundled for the browser, with its stylesheet.
  const bundled = await build({
    stdin: { contents: "import { Form } from '@bpmn-io/form-js-viewer'; window.FormJs = { Form };", resolveDir: repoRoot, loader: 'js' },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const css = await readFile(path.join(path.dirname(viewer), 'dist/assets/form-js.css'), 'utf8');
  html = `<!doctype html><html><head><meta charset="utf-8"><style>${css}</style></head><body><div id="form"></div><script>${bundled.outputFiles[0]!.text}</script></body></html>`;
  [browser, dir] = await Promise.all([chromium.launch({ executablePath: chromiumPath, args: chromiumArgs }), generatedFixtureForms()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Submitted {
  data: Record<string, unknown>;
  /** form-js's errors, by field id. */
  errors: Record<string, string[]>;
}

/** Opens a page with the form rendered by form-js, prefilled with `data`. */
async function render(schemaFile: string, data: Record<string, unknown> = {}): Promise<Page> {
  const page = await browser.newPage();
  page.setDefaultTimeout(10_000);
  await page.setContent(html);
  const schema = JSON.parse(await readFile(schemaFile, 'utf8')) as unknown;
  await page.evaluate(
    async ({ schema, data }) => {
      const { Form } = (window as unknown as { FormJs: { Form: new (o: { container: Element }) => any } }).FormJs;
      const form = new Form({ container: document.querySelector('#form')! });
      await form.importSchema(schema, data);
      (window as unknown as { form: unknown }).form = form;
      (window as unknown as { submitted: Promise<unknown> }).submitted = new Promise((resolve) =>
        form.on('submit', (event: { data: unknown; errors: unknown }) => resolve({ data: event.data, errors: event.errors })),
      );
    },
    { schema, data },
  );
  return page;
}

/**
 * Waits until form-js's own state holds what was typed: its text inputs pass changes on after a
 * debounce, and a submit before that would see the old value.
 */
async function settled(page: Page, expected: Array<[path: Array<string | number>, value: unknown]>): Promise<void> {
  await page
    .waitForFunction((pairs) => {
      const state = (window as unknown as { form: { _getState(): { data: unknown } } }).form._getState().data;
      return pairs.every(([path, value]) => JSON.stringify(path.reduce<any>((at, key) => at?.[key], state)) === JSON.stringify(value));
    }, expected)
    .catch(async (error: unknown) => {
      const state = await page.evaluate(() => (window as unknown as { form: { _getState(): { data: unknown } } }).form._getState().data);
      throw new Error(`form-js's data did not become what was typed: ${JSON.stringify(state)}`, { cause: error });
    });
}

async function submit(page: Page): Promise<Submitted> {
  await page.getByRole('button', { name: /Complete|Submit/ }).click();
  return page.evaluate(() => (window as unknown as { submitted: Promise<Submitted> }).submitted);
}

function rules(file: string) {
  return buildFormModel(parseFormText(readText(file, 'utf8'), file, (d) => d.id ?? 'form')).rules;
}

/** Compiles `const name: Type = value;` lines against the generated forms; returns the errors by line name. */
async function check(lines: Array<[name: string, type: string, value: unknown]>): Promise<Record<string, string[]>> {
  const file = path.join(dir, `submitted-${lines.map(([n]) => n).join('-')}.ts`);
  const types = [...new Set(lines.map(([, t]) => t))];
  const source = [
    `import type { ${types.join(', ')} } from './forms/index.js';`,
    ...lines.map(([name, type, value]) => `export const ${name}: ${type} = ${JSON.stringify(value)};`),
  ];
  await writeFile(file, `${source.join('\n')}\n`);
  const out: Record<string, string[]> = Object.fromEntries(lines.map(([n]) => [n, []]));
  for (const error of typeErrors(dir, [file])) {
    const line = Number(/:(\d+) TS/.exec(error)![1]);
    out[lines[line - 2]![0]]!.push(error.replace(/^[^ ]+ /, ''));
  }
  return out;
}

describe('what form-js submits, against the generated types', () => {
  it('invoice approval: filled and submitted in form-js, the data is an InvoiceApprovalForm; without `decision` it is not', async () => {
    const page = await render(fixture('invoice-approval.form'), {
      invoiceNumber: 'INV-2024-0042',
      creditor: 'Globex',
      total: { amount: 1250.5, currency: 'EUR' },
    });
    await page.getByLabel('Reject').check();
    await page.getByLabel('Reason').fill('The amount does not match the order.');
    await page.getByLabel('Approver email').fill('ada@example.com');
    await settled(page, [
      [['decision'], 'reject'],
      [['reason'], 'The amount does not match the order.'],
      [['approverEmail'], 'ada@example.com'],
    ]);
    const { data, errors } = await submit(page);
    await page.close();
    expect(errors).toEqual({});
    expect(data).toEqual({
      invoiceNumber: 'INV-2024-0042',
      creditor: 'Globex',
      total: { amount: 1250.5, currency: 'EUR' },
      decision: 'reject',
      reason: 'The amount does not match the order.',
      approverEmail: 'ada@example.com',
    });
    expect(validateFormValues({ rules: rules(fixture('invoice-approval.form')) }, data).problems).toEqual([]);

    const { decision: _dropped, ...withoutDecision } = data;
    const result = await check([
      ['submitted', 'InvoiceApprovalForm', data],
      ['missingDecision', 'InvoiceApprovalForm', withoutDecision],
    ]);
    expect(result['submitted']).toEqual([]);
    expect(result['missingDecision']).toEqual([expect.stringMatching(/^TS2741: Property 'decision' is missing/)]);
  });

  it('left empty, form-js refuses the required decision and the (shown) reason — validateFormValues names the same keys', async () => {
    const page = await render(fixture('invoice-approval.form'), { invoiceNumber: 'INV-2024-0042', total: { amount: 10 } });
    const { data, errors } = await submit(page);
    await page.close();
    const formJsMissing = Object.keys(errors);
    const ours = validateFormValues({ rules: rules(fixture('invoice-approval.form')) }, data).problems;
    // By component id: the decision radio, and the reason, shown while no decision is "approve".
    expect(formJsMissing).toEqual(['Field_0cwh6kq', 'Field_1n2xb0m']);
    expect(ours.map((p) => [p.key, p.rule])).toEqual([
      ['decision', 'required'],
      ['reason', 'required'],
    ]);
  });

  it('every component: what form-js submits for all-components.form is an AllComponentsForm', async () => {
    const page = await render(fixture('all-components.form'), {
      startDate: '2024-06-01',
      meetingTime: '09:30+02:00',
      departments: [
        { label: 'Sales', value: 'sales' },
        { label: 'Research', value: 'rnd' },
      ],
      availableTags: ['urgent', 'vip'],
      requestedBy: 'john',
      caseId: 'C-1',
      maxQuantity: 10,
    });
    // One field at a time, each until form-js has it: a re-render while another field's change
    // is still debounced would reset that field's input.
    const steps: Array<[act: () => Promise<void>, path: Array<string | number>, value: unknown]> = [
      [() => page.getByLabel('High').check(), ['priority'], 'high'],
      [() => page.getByLabel('Reason for high priority').fill('The client is waiting.'), ['priorityReason'], 'The client is waiting.'],
      [() => page.getByLabel('Full name').fill('Ada Lovelace'), ['fullName'], 'Ada Lovelace'],
      [() => page.getByLabel('Quantity').fill('3'), ['quantity'], 3],
      [() => page.getByLabel('I accept the terms').check(), ['acceptTerms'], true],
      [() => page.getByLabel('Post', { exact: true }).check(), ['channels'], ['post']],
      [() => page.getByLabel('Street').fill('Main St 1'), ['address', 'street'], 'Main St 1'],
      [() => page.getByLabel('Description').fill('Desk'), ['lineItems', 0, 'description'], 'Desk'],
    ];
    for (const [act, path, value] of steps) {
      await act();
      await settled(page, [[path, value]]);
    }
    const { data, errors } = await submit(page);
    await page.close();
    expect(errors).toEqual({});
    // Disabled: never submitted. Everything else keyed: there, with form-js's empty values.
    expect(data).not.toHaveProperty('caseId');
    expect(data).toMatchObject({
      fullName: 'Ada Lovelace',
      quantity: 3,
      acceptTerms: true,
      channels: ['post'],
      priority: 'high',
      notes: '',
      country: null,
      tags: [],
      lineItems: [{ description: 'Desk' }],
    });
    expect(validateFormValues({ rules: rules(fixture('all-components.form')) }, data).problems).toEqual([]);
    const result = await check([['everything', 'AllComponentsForm', data]]);
    expect(result['everything']).toEqual([]);
  });
});
