/**
 * The task page: sign in on a cookie session, list open tasks through the generated GraphQL and
 * REST functions side by side, claim one, complete it with a variable, and show what the server
 * says afterwards. Plain DOM, no framework: the point is what the generated clients need in a
 * browser, not the UI.
 */
import { connect, type TaskApi, type TaskDetail, type TaskSummary } from './api.js';

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
let selectedTaskId: string | undefined;

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

loginForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const form = new FormData(loginForm);
  void action(async () => {
    api = connect({
      baseUrl: window.location.origin,
      username: String(form.get('username') ?? ''),
      password: String(form.get('password') ?? ''),
    });
    const { userId, displayName } = await api.currentUser();
    session.textContent = displayName && displayName !== userId ? `Signed in as ${userId} (${displayName}).` : `Signed in as ${userId}.`;
    loginForm.hidden = true;
    await loadTasks();
  });
});

element('reload').addEventListener('click', () => void action(loadTasks));

claimButton.addEventListener('click', () => {
  void action(async () => {
    if (!api || !selectedTaskId) return;
    await api.claim(selectedTaskId);
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
