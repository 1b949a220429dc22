// The native API, as the dashboard calls it: bearer token from this tab's sessionStorage,
// problem+json errors turned into ApiError (with the `errors` that name fields), and paging
// that follows the server's `Link: <…>; rel="next"` header.

const tokenKey = 'palisade.token';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.title = problem.title || `HTTP ${status}`;
    this.detail = problem.detail || '';
    this.errors = problem.errors || {};
  }
}

export const token = {
  get: () => sessionStorage.getItem(tokenKey),
  set: value => sessionStorage.setItem(tokenKey, value),
  clear: () => sessionStorage.removeItem(tokenKey),
};

export async function request(method, path, { body, ifMatch } = {}) {
  const headers = { Accept: 'application/json, application/problem+json' };
  const bearer = token.get();
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (ifMatch !== undefined) headers['If-Match'] = String(ifMatch);

  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, { title: 'No server', detail: 'The Palisade server could not be reached.' });
  }

  if (!response.ok) {
    let problem = {};
    try { problem = await response.json(); } catch { /* not JSON: keep the status */ }
    const error = new ApiError(response.status, problem);
    if (response.status === 401) window.dispatchEvent(new CustomEvent('palisade:unauthorized', { detail: error }));
    throw error;
  }

  const data = response.status === 204 ? null : await response.json();
  return { data, next: nextLink(response.headers.get('Link')) };
}

export const get = async path => (await request('GET', path)).data;
export const post = async (path, body) => (await request('POST', path, { body })).data;
export const patch = async (path, body, ifMatch) => (await request('PATCH', path, { body, ifMatch })).data;
export const put = async (path, body, ifMatch) => (await request('PUT', path, { body, ifMatch })).data;
export const del = async (path, ifMatch) => (await request('DELETE', path, { ifMatch })).data;

/** One page of a list: its items and the address of the next page (null on the last). */
export async function getPage(path) {
  const { data, next } = await request('GET', path);
  return { items: data, next };
}

/** Every page of a list, following next links (bounded, so a server bug cannot loop us forever). */
export async function getAll(path, maxPages = 1000) {
  const items = [];
  let next = path;
  for (let page = 0; next && page < maxPages; page++) {
    const result = await getPage(next);
    items.push(...result.items);
    next = result.next;
  }
  return items;
}

/** Builds a query string from the defined values of an object. */
export function query(path, params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

function nextLink(header) {
  if (!header) return null;
  for (const part of header.split(',')) {
    const match = /<([^>]*)>\s*;\s*rel="?next"?/i.exec(part.trim());
    if (match) return match[1];
  }
  return null;
}
