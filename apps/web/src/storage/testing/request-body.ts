/**
 * A sync request's JSON text as the engine sent it: a string, or gzip bytes (sync-http.ts compresses larger
 * bodies), so tests that watch or rewrite requests read them the same way either way.
 */
export async function requestText(init: RequestInit | undefined): Promise<string> {
  const body = init?.body;
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  const gzipped = new Headers(init?.headers).get('content-encoding') === 'gzip';
  const bytes = new Response(body as BodyInit);
  if (!gzipped) return bytes.text();
  // eslint-disable-next-line compat/compat -- test helper: runs in Node, which has it
  return new Response(bytes.body!.pipeThrough(new DecompressionStream('gzip'))).text();
}

export async function requestJson<T>(init: RequestInit | undefined): Promise<T> {
  return JSON.parse(await requestText(init)) as T;
}

/** The request with its JSON text rewritten by `edit`, sent uncompressed (the server takes both). */
export async function rewriteRequest(init: RequestInit | undefined, edit: (text: string) => string): Promise<RequestInit> {
  const headers = new Headers(init?.headers);
  if (init?.body === undefined || init.body === null) return { ...init };
  const text = edit(await requestText(init));
  headers.delete('content-encoding');
  return { ...init, headers, body: text };
}
