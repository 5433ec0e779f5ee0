/**
 * The task page's form (examples/task-page/form.html) in Debian's headless Chromium against the
 * emulator: the page finds the task's form through the registry generated from this repository's
 * BPMN files, renders the form the server stores with form-js, prefilled; the test fills it in and
 * submits, and the server's state is checked over plain HTTP, outside the page. Needs
 * generated/forms/ (`npm run generate`).
 *
 * Chromium missing is a failure with a reason, not a skip: `.ci/run` installs it with apt.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, chromiumPath } from '../support/chromium.js';
import { buildTaskPage } from '../../examples/task-page/build.js';
import { startEmulator } from '../../src/emulator/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
let browser: Browser;
let emulator: Emulator;

beforeAll(async () => {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium is not installed at ${chromiumPath}: install Debian's package (apt-get install -y chromium; .ci/run does this) or set CHROMIUM_PATH. This test never downloads a browser.`,
    );
  }
  const [launched, built] = await Promise.all([
    chromium.launch({ executablePath: chromiumPath, args: chromiumArgs }),
    buildTaskPage({ outDir: path.join(repoRoot, 'test-output/browser/task-form-dist') }),
  ]);
  browser = launched;
  emulator = await startEmulator({ port: 0, staticDir: built.outDir });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await emulator?.close();
});

async function openForm(taskId: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.goto(`${emulator.baseUrl}/app/form.html?task=${taskId}`);
  await page.waitForFunction(() => document.body.dataset.state && document.body.dataset.state !== '');
  return { page, problems };
}

async function variablesOf(taskId: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${emulator.baseUrl}/v1/tasks/${taskId}/variables/search`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  const list = (await response.json()) as Array<{ name: string; value: string }>;
  return Object.fromEntries(list.map((v) => [v.name, JSON.parse(v.value) as unknown]));
}

describe('task form page in headless Chromium', () => {
  it("renders the invoice task's linked form prefilled, is filled in and submitted, and the server has the values", async () => {
    const task = emulator.store.allTasks().find((t) => t.taskDefinitionId === 'approveInvoice' && t.taskState === 'CREATED')!;
    emulator.store.assignTask(task.id, { userId: 'demo', kind: 'api' }, { assignee: 'demo' });
    const before = await variablesOf(task.id);
    const { page, problems } = await openForm(task.id);
    expect(await page.getAttribute('body', 'data-state')).toBe('ready');
    expect(await page.getAttribute('body', 'data-form-id')).toBe('approveInvoiceForm');
    // Prefilled from the task's variables (read-only fields show them).
    expect(await page.getByLabel('Invoice number').inputValue()).toBe(before['invoiceNumber']);

    await page.getByLabel('Reject').check();
    await page.getByLabel('Reason').fill('The order number is missing.');
    await page.getByLabel('Approver email').fill('ada@example.com');
    await page.click('#complete');
    await page.waitForFunction(() => ['completed', 'failed', 'invalid'].includes(document.body.dataset.state ?? ''));
    expect(await page.textContent('#form-status')).toBe(`Completed task ${task.id}.`);
    expect(problems).toEqual([]);
    await page.close();

    const state = (await (await fetch(`${emulator.baseUrl}/v1/tasks/${task.id}`)).json()) as { taskState: string };
    expect(state.taskState).toBe('COMPLETED');
    expect(await variablesOf(task.id)).toMatchObject({
      invoiceNumber: before['invoiceNumber'],
      decision: 'reject',
      reason: 'The order number is missing.',
      approverEmail: 'ada@example.com',
    });
  });

  it("the loan task's form, embedded in the BPMN: approved with a note, and the server has both", async () => {
    const task = emulator.store.allTasks().find((t) => t.taskDefinitionId === 'reviewLoanRequest' && t.taskState === 'CREATED')!;
    emulator.store.assignTask(task.id, { userId: 'demo', kind: 'api' }, { assignee: 'demo' });
    const { page, problems } = await openForm(task.id);
    expect(await page.getAttribute('body', 'data-form-id')).toBe('reviewLoanForm');
    await page.getByLabel('Approve the loan').check();
    await page.getByLabel('Note for the applicant').fill('Approved at the requested rate.');
    await page.click('#complete');
    await page.waitForFunction(() => ['completed', 'failed', 'invalid'].includes(document.body.dataset.state ?? ''));
    expect(await page.textContent('#form-status')).toBe(`Completed task ${task.id}.`);
    expect(problems).toEqual([]);
    await page.close();
    expect(emulator.store.getTask(task.id).taskState).toBe('COMPLETED');
    expect(await variablesOf(task.id)).toMatchObject({ approved: true, note: 'Approved at the requested rate.' });
  });
});
