/**
 * Tasklist pages by cursor: each item carries `sortValues`, and the next page is asked for with
 * `searchAfter: <sortValues of the last item>`. Both the GraphQL `tasks(query)` and REST
 * `POST /v1/tasks/search` work this way, so one iterator serves both.
 */

/** How `paginate` walks the pages: their size, a cap on how many, and a signal to stop. */
export interface PaginateOptions {
  /** Items per page; a page shorter than this is the last. */
  pageSize: number;
  /** Stop after this many pages even if the server has more (guards against a server that never ends). */
  maxPages?: number;
  signal?: AbortSignal;
}

/**
 * Yields every item of every page. `fetchPage` gets the cursor (undefined for the first page) and
 * returns that page's items; `cursorOf` reads an item's `sortValues`.
 */
export async function* paginate<TItem>(
  fetchPage: (searchAfter: string[] | undefined, pageSize: number) => Promise<readonly TItem[]>,
  cursorOf: (item: TItem) => readonly string[] | null | undefined,
  options: PaginateOptions,
): AsyncGenerator<TItem, void, undefined> {
  const { pageSize, maxPages = Number.POSITIVE_INFINITY, signal } = options;
  let searchAfter: string[] | undefined;
  // A server whose cursor comes back (the same page again, or A, B, A …) would be asked for ever.
  const followed = new Set<string>();
  for (let page = 0; page < maxPages; page++) {
    signal?.throwIfAborted();
    const items = await fetchPage(searchAfter, pageSize);
    yield* items;
    if (items.length < pageSize) return;
    const cursor = cursorOf(items[items.length - 1] as TItem);
    // Without a cursor there is no way to ask for the next page; stop rather than loop on page one.
    if (!cursor || cursor.length === 0) return;
    const key = JSON.stringify(cursor);
    if (followed.has(key)) return;
    followed.add(key);
    searchAfter = [...cursor];
  }
}
