/**
 * The one error type of the emulator's domain: a rule of Tasklist was broken. It carries the HTTP
 * status Camunda documents for that case; REST turns it into `application/problem+json`, GraphQL
 * into an entry of `errors` (Tasklist answers GraphQL errors with HTTP 200).
 */
import { TasklistCodegenError } from '../util/errors.js';

export class TasklistRuleError extends TasklistCodegenError<'TASKLIST_RULE'> {
  override readonly name = 'TasklistRuleError';
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 500,
    message: string,
  ) {
    super('TASKLIST_RULE', message);
  }
}

export const notFound = (what: string, id: string): TasklistRuleError => new TasklistRuleError(404, `${what} with id ${id} was not found`);

export const badRequest = (message: string): TasklistRuleError => new TasklistRuleError(400, message);
