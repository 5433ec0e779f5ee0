/**
 * Serves a folder at `/app/` so a browser page (the browser example) runs on the emulator's own
 * origin: its `fetch` calls then carry the session cookie without any cross-origin set-up.
 */
import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { sendProblem } from './http.js';

export const STATIC_PREFIX = '/app/';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** `pathname` starts with `/app/`; `/app/` itself serves `index.html`. */
export async function serveStatic(root: string, pathname: string, res: ServerResponse): Promise<void> {
  let relative: string;
  try {
    relative = decodeURIComponent(pathname.slice(STATIC_PREFIX.length)) || 'index.html';
  } catch {
    return sendProblem(res, 400, `Bad path: ${pathname}`);
  }
  const base = path.resolve(root);
  let file = path.resolve(base, relative);
  // Never outside the folder, whatever `..` or encoded separators the path holds.
  if (file !== base && !file.startsWith(base + path.sep)) return sendProblem(res, 404, `Not found: ${pathname}`);
  try {
    if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
    const body = await readFile(file);
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': body.length,
      'cache-control': 'no-store',
    });
    res.end(body);
  } catch {
    sendProblem(res, 404, `Not found: ${pathname}`);
  }
}
