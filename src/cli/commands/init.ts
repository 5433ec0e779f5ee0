/**
 * `tasklist-codegen init`: sets up a consumer repo. Writes what is missing and never touches what
 * exists: an existing file is reported as kept, an existing npm script keeps its command.
 *
 * What it scaffolds follows the API the server speaks (`--api`, or asked by `init-probe.ts`):
 * `graphql` (8.5/8.6) a sample GraphQL operation beside the REST v1 client; `v1` (8.7) the REST v1
 * client only; `v2` (8.8+, the only one left in 8.10) the Orchestration Cluster user-task client
 * (`rest: { preset: 'user-tasks' }`) and its sign-in variables.
 */
import { type Dirent, existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { CodegenConfigError } from '../../config/errors.js';

/** The API generation a project is set up for. */
export type InitApi = 'graphql' | 'v1' | 'v2';

export interface InitResult {
  created: string[];
  kept: string[];
  /** npm scripts added to package.json / already there (kept as they were). */
  scriptsAdded: string[];
  scriptsKept: string[];
  /** Lines appended to `.gitignore` (it is created when missing). */
  ignoresAdded: string[];
  /** What the project was set up for. */
  api: InitApi;
}

export const STARTER_SCRIPTS: Record<string, string> = {
  fetch: 'tasklist-codegen fetch',
  generate: 'tasklist-codegen generate',
  check: 'tasklist-codegen check',
};

export const STARTER_CODEGEN = `import { defineConfig } from 'tasklist-codegen/config';

/**
 * tasklist-codegen reads this export. Every key is optional; the environment (CAMUNDA_* and
 * .env) overrides it, and command-line flags override both.
 */
export const tasklist = defineConfig({
  // baseUrl: 'http://localhost:8080', // or CAMUNDA_TASKLIST_BASE_URL
  schemasDir: 'schemas',
  outDir: 'generated',
  // Camunda 8.7+ has no GraphQL API: a 404 at /graphql is fine unless \`required: true\`.
  graphql: { operations: 'operations/**/*.graphql' },
  rest: { format: 'json' },
});

/**
 * graphql-codegen's own config, for running graphql-codegen directly against the fetched schema.
 * \`tasklist-codegen generate\` does not need it.
 */
export default {
  schema: 'schemas/tasklist.graphql',
  documents: 'operations/**/*.graphql',
  generates: {},
};
`;

/** For a server without GraphQL: REST v1 only (Camunda 8.7). */
export const STARTER_CODEGEN_V1 = `import { defineConfig } from 'tasklist-codegen/config';

/**
 * tasklist-codegen reads this export. Every key is optional; the environment (CAMUNDA_* and
 * .env) overrides it, and command-line flags override both.
 */
export const tasklist = defineConfig({
  // baseUrl: 'http://localhost:8080', // or CAMUNDA_TASKLIST_BASE_URL
  schemasDir: 'schemas',
  outDir: 'generated',
  // This server has no GraphQL API (Camunda 8.7+): Tasklist's REST API v1 only.
  graphql: false,
  rest: { format: 'json' },
});
`;

/** For Camunda 8.8+ (8.10 has nothing else): the Orchestration Cluster API's user-task endpoints. */
export const STARTER_CODEGEN_V2 = `import { defineConfig } from 'tasklist-codegen/config';

/**
 * tasklist-codegen reads this export. Every key is optional; the environment (CAMUNDA_* and
 * .env) overrides it, and command-line flags override both.
 */
export const tasklist = defineConfig({
  // baseUrl: 'http://localhost:8080', // or CAMUNDA_REST_ADDRESS
  schemasDir: 'schemas',
  outDir: 'generated',
  // Camunda 8.8+: no GraphQL API, and Tasklist's REST v1 is gone in 8.10. The user-task endpoints
  // of the Orchestration Cluster API (/v2/user-tasks/...) and GET /v2/authentication/me:
  graphql: false,
  rest: { preset: 'user-tasks' },
  // targetVersion: '8.8', // leave out what later releases added
});
`;

export const STARTER_ENV_EXAMPLE_V2 = `# Copy to .env (not committed) and fill in. The real environment wins over .env.
# Where the cluster's REST API runs (without /v2). SaaS: https://<region>.zeebe.camunda.io/<cluster-id>
CAMUNDA_REST_ADDRESS=http://localhost:8080
# How to sign in: NONE (C8 Run, Docker Compose) | BASIC (Helm) | BEARER | OAUTH | COOKIE
CAMUNDA_AUTH_STRATEGY=NONE
# OAUTH (SaaS, Keycloak, Microsoft Entra ID); SaaS audience zeebe.camunda.io is the default:
# CAMUNDA_CLIENT_ID=
# CAMUNDA_CLIENT_SECRET=
# CAMUNDA_OAUTH_URL=https://login.cloud.camunda.io/oauth/token
# CAMUNDA_TOKEN_AUDIENCE=zeebe.camunda.io
# BASIC, or COOKIE (the web login at /login):
# CAMUNDA_BASIC_AUTH_USERNAME=
# CAMUNDA_BASIC_AUTH_PASSWORD=
`;

export const STARTER_OPERATIONS = `# Operations your app runs against Tasklist's GraphQL API (Camunda 8.5 and earlier).
# \`tasklist-codegen generate\` turns each into a typed function under generated/.

query GetTasks($query: TaskQuery!) {
  tasks(query: $query) {
    id
    name
    taskState
    assignee
    creationTime
    sortValues
  }
}
`;

export const STARTER_ENV_EXAMPLE = `# Copy to .env (not committed) and fill in. The real environment wins over .env.
# Where Tasklist runs:
CAMUNDA_TASKLIST_BASE_URL=http://localhost:8080
# How to sign in: NONE | BASIC | BEARER | OAUTH | COOKIE
CAMUNDA_AUTH_STRATEGY=OAUTH
# OAUTH (SaaS, Keycloak, Microsoft Entra ID):
CAMUNDA_CLIENT_ID=
CAMUNDA_CLIENT_SECRET=
CAMUNDA_OAUTH_URL=https://login.cloud.camunda.io/oauth/token
CAMUNDA_TASKLIST_OAUTH_AUDIENCE=tasklist.camunda.io
# CAMUNDA_TOKEN_SCOPE=
# BASIC or COOKIE:
# CAMUNDA_BASIC_AUTH_USERNAME=
# CAMUNDA_BASIC_AUTH_PASSWORD=
# BEARER:
# CAMUNDA_OAUTH_TOKEN=
# SaaS, instead of CAMUNDA_TASKLIST_BASE_URL:
# CAMUNDA_CLUSTER_ID=
# CAMUNDA_CLUSTER_REGION=
`;

/**
 * One file init may write. `existing` names what already stands in for it (relative to the
 * project), in which case nothing is written and that is reported as kept.
 */
interface Starter {
  file: string;
  contents: string;
  existing(cwd: string): string | undefined;
}

/** The starter files for `api`, in the order they are reported. */
const startersFor = (api: InitApi): readonly Starter[] => [
  {
    file: 'codegen.ts',
    contents: api === 'v2' ? STARTER_CODEGEN_V2 : api === 'v1' ? STARTER_CODEGEN_V1 : STARTER_CODEGEN,
    // Another codegen.* counts as "there is a config" too: never write a second one beside it.
    existing: (cwd) => ['codegen.ts', 'codegen.mts', 'codegen.js', 'codegen.mjs'].find((name) => existsSync(path.join(cwd, name))),
  },
  {
    file: path.join('operations', 'tasks.graphql'),
    contents: STARTER_OPERATIONS,
    // The sample is for a project without operations: beside the user's own it could only clash
    // (a second `GetTasks`) or add a function nobody asked for.
    existing: (cwd) =>
      existsSync(path.join(cwd, 'operations', 'tasks.graphql'))
        ? 'operations/tasks.graphql'
        : hasGraphQLFiles(path.join(cwd, 'operations'))
          ? 'operations/'
          : undefined,
  },
  {
    file: '.env.example',
    contents: api === 'v2' ? STARTER_ENV_EXAMPLE_V2 : STARTER_ENV_EXAMPLE,
    existing: (cwd) => (existsSync(path.join(cwd, '.env.example')) ? '.env.example' : undefined),
  },
];

/** Any `.graphql`/`.gql` file in `dir` or below (node_modules aside). */
function hasGraphQLFiles(dir: string): boolean {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  return entries.some((entry) =>
    entry.isDirectory()
      ? entry.name !== 'node_modules' && hasGraphQLFiles(path.join(dir, entry.name))
      : /\.(graphql|gql)$/i.test(entry.name),
  );
}

export async function runInit(cwd: string, options: { api?: InitApi } = {}): Promise<InitResult> {
  const api = options.api ?? 'graphql';
  const result: InitResult = { created: [], kept: [], scriptsAdded: [], scriptsKept: [], ignoresAdded: [], api };
  // No sample GraphQL operation for a server without GraphQL.
  const starters = startersFor(api).filter((starter) => api === 'graphql' || !starter.file.endsWith('.graphql'));
  for (const starter of starters) {
    const existing = starter.existing(cwd);
    if (existing) {
      result.kept.push(toPosix(existing));
      continue;
    }
    await writeFileAtomic(path.join(cwd, starter.file), starter.contents);
    result.created.push(toPosix(starter.file));
  }
  await addScripts(cwd, result);
  await addIgnores(cwd, result);
  return result;
}

/**
 * What the toolkit keeps beside `schemas/` and `generated/` while it writes (journals, locks,
 * temp files, the folders of a swap) and `.env`: never to be committed. A committed journal or
 * lock would be replayed by everyone who checks it out.
 */
export const STARTER_GITIGNORE = [
  '# tasklist-codegen: state while writing, and local secrets',
  '.tasklist-codegen.journal*.json',
  '.tasklist-codegen.lock',
  '.*.tmp',
  '/.generated.building/',
  '/.generated.new/',
  '/.generated.old/',
  '/.generated.lock',
  '.env',
];

/** Appends the lines of {@link STARTER_GITIGNORE} that `.gitignore` lacks; what is there stays byte for byte. */
async function addIgnores(cwd: string, result: InitResult): Promise<void> {
  const file = path.join(cwd, '.gitignore');
  let text = '';
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    result.created.push('.gitignore');
  }
  const present = new Set(text.split(/\r?\n/).map((line) => line.trim()));
  const missing = STARTER_GITIGNORE.filter((line) => !line.startsWith('#') && !present.has(line));
  if (missing.length === 0) return;
  result.ignoresAdded.push(...missing);
  const heading = present.has(STARTER_GITIGNORE[0]!) ? [] : [STARTER_GITIGNORE[0]!];
  const separator = text === '' || text.endsWith('\n') ? '' : '\n';
  await writeFileAtomic(file, `${text}${separator}${[...heading, ...missing].join('\n')}\n`);
}

async function addScripts(cwd: string, result: InitResult): Promise<void> {
  const file = path.join(cwd, 'package.json');
  let text: string | undefined;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  let pkg: Record<string, unknown>;
  if (text === undefined) {
    pkg = {
      name:
        path
          .basename(cwd)
          .toLowerCase()
          .replace(/[^a-z0-9-]/g, '-') || 'tasklist-app',
      private: true,
      type: 'module',
    };
    result.created.push('package.json');
  } else {
    try {
      pkg = JSON.parse(text) as Record<string, unknown>;
    } catch (error) {
      throw new CodegenConfigError(`package.json is not valid JSON: ${(error as Error).message}`, {
        source: file,
        hint: 'Fix package.json, then run init again.',
      });
    }
  }
  const scripts = (pkg.scripts ?? {}) as Record<string, string>;
  for (const [name, command] of Object.entries(STARTER_SCRIPTS)) {
    if (scripts[name] !== undefined) result.scriptsKept.push(name);
    else {
      scripts[name] = command;
      result.scriptsAdded.push(name);
    }
  }
  if (result.scriptsAdded.length === 0 && text !== undefined) return;
  pkg.scripts = scripts;
  // Keep the file's own indentation so the diff is only the new lines.
  const indent = text ? (/^[ \t]+(?=")/m.exec(text)?.[0] ?? '  ') : '  ';
  await writeFileAtomic(file, `${JSON.stringify(pkg, null, indent)}\n`);
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
