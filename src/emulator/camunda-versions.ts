/**
 * Which APIs a Camunda release serves, for the emulator's `camunda` switch. From Camunda's
 * release notes: the Tasklist GraphQL API was deprecated in 8.5 and gone by 8.7; the
 * Orchestration Cluster API's user-task endpoints (`/v2`) arrived with 8.8, which deprecated
 * Tasklist REST v1; 8.10 removed REST v1. The 8.8+ web login is `/login` with a
 * `camunda-session` cookie; before, Tasklist's own `/api/login` with `TASKLIST-SESSION`.
 */

export const CAMUNDA_VERSIONS = ['8.5', '8.6', '8.7', '8.8', '8.9', '8.10'] as const;
export type CamundaVersion = (typeof CAMUNDA_VERSIONS)[number];

/** The API generations one emulator run serves, and how its web login looks. */
export interface ApiGenerations {
  graphql: boolean;
  v1: boolean;
  v2: boolean;
  login: { path: '/api/login' | '/login'; logoutPath: '/api/logout' | '/logout'; sessionCookie: 'TASKLIST-SESSION' | 'camunda-session' };
}

const TASKLIST_LOGIN = { path: '/api/login', logoutPath: '/api/logout', sessionCookie: 'TASKLIST-SESSION' } as const;
const CAMUNDA_LOGIN = { path: '/login', logoutPath: '/logout', sessionCookie: 'camunda-session' } as const;

export function isCamundaVersion(value: string): value is CamundaVersion {
  return (CAMUNDA_VERSIONS as readonly string[]).includes(value);
}

/** The generations of a release; `minor` ordering is numeric (8.10 is after 8.9). */
export function generationsOf(version: CamundaVersion): ApiGenerations {
  const minor = Number(version.split('.')[1]);
  return {
    graphql: minor <= 6,
    v1: minor <= 9,
    v2: minor >= 8,
    login: minor >= 8 ? CAMUNDA_LOGIN : TASKLIST_LOGIN,
  };
}

/** Without a `camunda` version the emulator keeps its original behaviour: GraphQL (unless switched off) and REST v1. */
export function legacyGenerations(graphql: boolean): ApiGenerations {
  return { graphql, v1: true, v2: false, login: TASKLIST_LOGIN };
}
