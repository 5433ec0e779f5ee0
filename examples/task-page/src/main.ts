/**
 * The task page: sign in on a cookie session, list open tasks through the generated GraphQL and
 * REST functions side by side, claim one, complete it with a variable, and show what the server
 * says afterwards. Plain DOM, no framework: the point is what the generated clients need in a
 * browser, not the UI.
 */
import { connect, type ConnectOptions, type TaskApi, type TaskDetail, type TaskSummary } from './api.js';

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`task page: #${id} is missing from index.html`);
  return found as T;
}

const loginForm = element<HTMLFormElement>('login-form');
const session = element('session');
const tasksSection = element('tasks');
const detailSection = element('detail');
const graphqlList = element<HTMLUListElement>('graphql-tasks');
const restList = element<HTMLUListElement>('rest-tasks');
const fields = element('task-fields');
const variablesBody = element<HTMLTableElement>('task-variables').tBodies[0]!;
const claimButton = element<HTMLButtonElement>('claim');
const completeForm = element<HTMLFormElement>('complete-form');
const message = element('message');

let api: TaskApi | undefined;
/** Who signed in, as the server says (`currentUser.userId`); claims go to this user. */
let userId = '';
let selectedTaskId: string | undefined;
/** Finished user actions, exposed as `body[data-done]` so a test can wait for the one it started. */
let actionsDone = 0;

/** Runs one user action: disables the page's buttons meanwhile and shows any error in plain words. */
async function action(run: () => Promise<void>): Promise<void> {
  const buttons = [...document.querySelectorAll('button')];
  for (const button of buttons) button.disabled = true;
  document.body.dataset.busy = 'true';
  message.textContent = '';
  try {
    await run();
  } catch (error) {
    message.textContent = error instanceof Error ? error.message : String(error);
    console.error(error);
  } finally {
    for (const button of buttons) button.disabled = false;
    document.body.dataset.busy = 'false';
    document.body.dataset.done = String(++actionsDone);
  }
}

function renderList(list: HTMLUListElement, tasks: readonly TaskSummary[]): void {
  list.replaceChildren(
    ...tasks.map((task) => {
      const item = document.createElement('li');
      item.dataset.taskId = task.id;
      item.classList.toggle('selected', task.id === selectedTaskId);
      const open = document.createElement('button');
      open.type = 'button';
      open.textContent = task.name;
      open.addEventListener('click', () => void action(() => select(task.id)));
      const meta = document.createElement('div');
      meta.className = 'meta';
      meta.textContent = `#${task.id} · ${task.processName} · ${task.assignee ? `assigned to ${task.assignee}` : 'unassigned'}`;
      item.append(open, meta);
      return item;
    }),
  );
  if (tasks.length === 0) {
    const empty = document.createElement('li');
    empty.textContent = 'No open tasks.';
    list.append(empty);
  }
}

async function loadTasks(): Promise<void> {
  if (!api) return;
  // Both APIs at once: the two columns should always agree, since one server store backs both.
  const [viaGraphQL, viaRest] = await Promise.all([api.openTasksViaGraphQL(), api.openTasksViaRest()]);
  renderList(graphqlList, viaGraphQL);
  renderList(restList, viaRest);
  tasksSection.hidden = false;
}

function renderDetail(task: TaskDetail): void {
  const rows: Array<[string, string, string]> = [
    ['Name', task.name, 'name'],
    ['Id', task.id, 'id'],
    ['Process', task.processName, 'process'],
    ['State', task.state, 'state'],
    ['Assignee', task.assignee ?? '(unassigned)', 'assignee'],
    ['Completed', task.completionTime ?? '—', 'completion'],
  ];
  fields.replaceChildren(
    ...rows.flatMap(([label, value, key]) => {
      const dt = document.createElement('dt');
      dt.textContent = label;
      const dd = document.createElement('dd');
      dd.dataset.field = key;
      dd.textContent = value;
      if (key === 'state') dd.className = `state-${value}`;
      return [dt, dd];
    }),
  );
  variablesBody.replaceChildren(
    ...task.variables.map((variable) => {
      const row = document.createElement('tr');
      row.dataset.variable = variable.name;
      const name = document.createElement('td');
      name.textContent = variable.name;
      const value = document.createElement('td');
      value.textContent = variable.value;
      row.append(name, value);
      return row;
    }),
  );
  claimButton.hidden = task.state !== 'CREATED';
  completeForm.hidden = task.state !== 'CREATED';
  detailSection.hidden = false;
  detailSection.dataset.taskId = task.id;
  detailSection.dataset.state = task.state;
}

async function select(taskId: string): Promise<void> {
  if (!api) return;
  selectedTaskId = taskId;
  renderDetail(await api.readTask(taskId));
  for (const item of document.querySelectorAll<HTMLLIElement>('.task-list li')) {
    item.classList.toggle('selected', item.dataset.taskId === taskId);
  }
}

/** Shows the fields of the chosen sign-in method only. */
function showMethodFields(): void {
  const method = new FormData(loginForm).get('method');
  for (const group of loginForm.querySelectorAll<HTMLElement>('[data-method]')) {
    group.hidden = group.dataset.method !== method;
  }
}
loginForm.addEventListener('change', showMethodFields);
showMethodFields();

function chosenAuth(form: FormData): ConnectOptions['auth'] {
  if (form.get('method') === 'bearer') {
    const tokenInput = loginForm.elements.namedItem('token') as HTMLInputElement;
    // A function, so the runtime asks for the current token on every call: a real page would
    // return the token its OAuth library keeps fresh.
    return { strategy: 'BEARER', token: () => tokenInput.value.trim() };
  }
  return { strategy: 'COOKIE', username: String(form.get('username') ?? ''), password: String(form.get('password') ?? '') };
}

loginForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const form = new FormData(loginForm);
  void action(async () => {
    const candidate = connect({ baseUrl: window.location.origin, auth: chosenAuth(form) });
    const user = await candidate.currentUser();
    api = candidate;
    userId = user.userId;
    const how = form.get('method') === 'bearer' ? 'with a bearer token' : 'on a cookie session';
    const who = user.displayName && user.displayName !== user.userId ? `${user.userId} (${user.displayName})` : user.userId;
    session.textContent = `Signed in as ${who}, ${how}.`;
    loginForm.hidden = true;
    await loadTasks();
  });
});

element('reload').addEventListener('click', () => void action(loadTasks));

claimButton.addEventListener('click', () => {
  void action(async () => {
    if (!api || !selectedTaskId) return;
    await api.claim(selectedTaskId, userId);
    // Show the server's view, not our guess: read the task again, then refresh both columns.
    renderDetail(await api.readTask(selectedTaskId));
    await loadTasks();
  });
});

completeForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const form = new FormData(completeForm);
  void action(async () => {
    if (!api || !selectedTaskId) return;
    await api.complete(selectedTaskId, [{ name: String(form.get('name')), value: String(form.get('value')) }]);
    renderDetail(await api.readTask(selectedTaskId));
    await loadTasks();
  });
});

document.body.dataset.ready = 'true';
