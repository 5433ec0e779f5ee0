/**
 * Small helpers over Node's `http` for the emulator's handlers: JSON in, JSON or
 * `application/problem+json` out, cookies. Kept here so each route reads as what it does.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TasklistCodegenError } from '../util/errors.js';
import { TasklistRuleError } from './errors.js';

/** Tasklist's error body: `status`, `message`, `instance` (an id to find the error in the log). */
export function sendProblem(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  const body = JSON.stringify({ status, message, instance: randomUUID() });
  res.writeHead(status, { ...headers, 'content-type': 'application/problem+json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export function sendText(res: ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** A rule error keeps its documented status; anything else is a 500 without internals. */
export function sendError(res: ServerResponse, error: unknown): void {
  if (error instanceof TasklistRuleError) sendProblem(res, error.status, error.message);
  else if (error instanceof BadRequestBody) sendProblem(res, 400, error.message);
  else sendProblem(res, 500, 'Unexpected error in the Tasklist emulator');
}

export class BadRequestBody extends TasklistCodegenError<'BAD_REQUEST_BODY'> {
  override readonly name = 'BadRequestBody';
  constructor(message: string) {
    super('BAD_REQUEST_BODY', message);
  }
}

const MAX_BODY_BYTES = 5 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BadRequestBody(`Request body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The JSON body as an object; an empty body is `{}` (REST v1 allows it for searches). */
export async function readJsonObject(req: IncomingMessage): Promise<Record<string, unknown>> {
  const raw = await readBody(req);
  if (raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (e) {
    throw new BadRequestBody(`Request body is not valid JSON: ${(e as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new BadRequestBody('Request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    try {
      out.set(name, decodeURIComponent(value));
    } catch {
      out.set(name, value);
    }
  }
  return out;
}

/** Methods that change state: a cookie session must prove them with the CSRF token. */
export function isUnsafeMethod(method: string | undefined): boolean {
  return !['GET', 'HEAD', 'OPTIONS', 'TRACE'].includes((method ?? 'GET').toUpperCase());
}

/**
 * A request body that is not JSON: Spring answers 415 before reading it. A body-less request
 * (no Content-Length, no chunked body) needs no Content-Type.
 */
export function unsupportedMediaType(req: IncomingMessage): boolean {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (!hasBody) return false;
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return !(type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json')));
}
