/**
 * The deployed forms of the processes a config names, pulled into `<schemasDir>/forms/` like the
 * other schemas: one `<form id>.form` each, pretty-printed JSON with a final newline (the same
 * bytes for the same form, whatever order the server lists tasks in), all written in one atomic
 * set or none. What the server sends is data: a form is only ever parsed as JSON.
 *
 * Where the forms come from: the Orchestration Cluster API (8.8+). Its user-task search filters by
 * BPMN process id, and `GET /v2/user-tasks/{key}/form` returns a task's linked form (204: none;
 * embedded forms live in the BPMN file, which the project already has). Tasklist's own APIs
 * (REST v1, GraphQL) need a form id and a process definition key for each form, which the server
 * cannot list by process id; on a server without v2 this says so instead of guessing.
 */
import path from 'node:path';
import { readIfExists, writeFileSetAtomic, type FileToWrite } from '../util/atomic-write.js';
import { TasklistCodegenError } from '../util/errors.js';
import type { TasklistFetch } from '../runtime/types.js';
import type { SecretRegistry } from '../util/redact.js';
import { refuseEchoedSecrets } from './echoed-secrets.js';

export interface FetchFormsOptions {
  baseUrl: string;
  fetch: TasklistFetch;
  /** BPMN process ids. */
  processes: readonly string[];
  /** `<schemasDir>/forms`, absolute. */
  dir: string;
  /** Holds the write journal (`schemasDir`). */
  journalDir: string;
  write: boolean;
  /** The credentials in play: a form that holds one of them (a server echoing the request) is refused, not written. */
  secrets?: SecretRegistry;
}

export interface FetchedForm {
  formId: string;
  processId: string;
  /** Absolute path of the snapshot. */
  file: string;
  contents: string;
  /** The snapshot before, if there was one. */
  previous: string | undefined;
  status: 'written' | 'unchanged';
}

export class FormFetchError extends TasklistCodegenError<'FORM_FETCH'> {
  override readonly name = 'FormFetchError';
  constructor(message: string, hint?: string) {
    super('FORM_FETCH', message, { hint });
  }
}

export async function fetchForms(options: FetchFormsOptions): Promise<FetchedForm[]> {
  const base = options.baseUrl.replace(/\/+$/, '');
  const byId = new Map<string, FetchedForm>();
  for (const processId of [...options.processes].sort()) {
    const tasks = await searchUserTasks(options, base, processId);
    // One task per element is enough to read its form; the newest one has the current deployment.
    const newest = new Map<string, string>();
    for (const task of tasks) {
      const known = newest.get(task.elementId);
      if (known === undefined || BigInt(task.userTaskKey) > BigInt(known)) newest.set(task.elementId, task.userTaskKey);
    }
    for (const elementId of [...newest.keys()].sort()) {
      const url = `${base}/v2/user-tasks/${encodeURIComponent(newest.get(elementId)!)}/form`;
      const response = await options.fetch(url, { headers: { accept: 'application/json' } });
      if (response.status === 204) continue;
      if (!response.ok) throw new FormFetchError(`${response.status} from ${url} while reading the form of ${processId}/${elementId}`);
      const body = (await jsonOf(response, url)) as { formId?: unknown; schema?: unknown } | null;
      if (typeof body?.formId !== 'string' || typeof body.schema !== 'string' || !/^[\w.-]+$/.test(body.formId)) {
        throw new FormFetchError(`${url} did not answer with a form (formId and a schema string)`);
      }
      let schema: unknown;
      try {
        schema = JSON.parse(body.schema);
      } catch (error) {
        throw new FormFetchError(`${url}: the form ${body.formId}'s schema is not JSON (${(error as Error).message})`);
      }
      const file = path.join(options.dir, `${body.formId}.form`);
      const contents = `${JSON.stringify(schema, null, 2)}\n`;
      const earlier = byId.get(body.formId);
      if (earlier && earlier.contents !== contents) {
        throw new FormFetchError(
          `Form ${body.formId} has two different deployed versions in use (${earlier.processId} and ${processId})`,
          'Pin the versions with bindingType="versionTag" or "deployment" in the BPMN files.',
        );
      }
      const previous = await readIfExists(file);
      byId.set(body.formId, {
        formId: body.formId,
        processId,
        file,
        contents,
        previous,
        status: previous === contents ? 'unchanged' : 'written',
      });
    }
  }
  const fetched = [...byId.values()].sort((a, b) => (a.formId < b.formId ? -1 : 1));
  const files: FileToWrite[] = fetched.filter((f) => f.status === 'written').map((f) => ({ path: f.file, contents: f.contents }));
  refuseEchoedSecrets(files, options.secrets);
  if (options.write && files.length > 0) await writeFileSetAtomic(options.journalDir, files);
  return fetched;
}

async function searchUserTasks(
  options: FetchFormsOptions,
  base: string,
  processId: string,
): Promise<Array<{ userTaskKey: string; elementId: string }>> {
  const url = `${base}/v2/user-tasks/search`;
  const out: Array<{ userTaskKey: string; elementId: string }> = [];
  let after: string | undefined;
  // A server's cursors could go round in a circle (A, B, A …): each may be followed once.
  const followed = new Set<string>();
  for (;;) {
    const response = await options.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ filter: { processDefinitionId: processId }, page: { limit: 100, ...(after ? { after } : {}) } }),
    });
    if (response.status === 404) {
      throw new FormFetchError(
        `${url} answered 404: fetching forms needs the Orchestration Cluster API (Camunda 8.8+)`,
        'Keep the .form files in the project (forms/), or remove forms.processes from codegen.ts.',
      );
    }
    if (!response.ok) throw new FormFetchError(`${response.status} from ${url} while listing the user tasks of ${processId}`);
    const body = (await jsonOf(response, url)) as { items?: unknown; page?: { endCursor?: unknown } } | null;
    const items = body?.items ?? [];
    if (!Array.isArray(items)) throw new FormFetchError(`${url} answered a user-task search whose items are not a list`);
    for (const item of items as Array<{ userTaskKey?: unknown; elementId?: unknown } | null>) {
      if (typeof item?.userTaskKey !== 'string' || typeof item.elementId !== 'string') continue;
      // Keys are compared as numbers (the newest task wins): anything else is not a user task key.
      if (!/^\d+$/.test(item.userTaskKey))
        throw new FormFetchError(`${url} answered a user task key that is not a number: ${JSON.stringify(item.userTaskKey)}`);
      out.push({ userTaskKey: item.userTaskKey, elementId: item.elementId });
    }
    const cursor = body?.page?.endCursor;
    if (items.length < 100 || typeof cursor !== 'string' || cursor === after) return out;
    if (followed.has(cursor))
      throw new FormFetchError(`${url} paged in a circle: the cursor ${JSON.stringify(cursor)} came back after ${followed.size} pages`);
    followed.add(cursor);
    after = cursor;
  }
}

/** The answer as JSON, or a FormFetchError naming the URL (a sign-in page, a proxy's error page). */
async function jsonOf(response: Response, url: string): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new FormFetchError(
      `${url} answered ${response.status} with a body that is not JSON`,
      'Check that the base URL points at the Orchestration Cluster API, and that the credentials reach it (a sign-in page answers with HTML).',
    );
  }
}
