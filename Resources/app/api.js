// The plugin's REST API, relative to where the page is served (works behind a proxy prefix).

export const ROOT = location.pathname.replace(/\/app(\/.*)?$/, '');

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.Error) || `HTTP ${status}`);
    this.status = status;
    this.field = body && body.Field;
    this.conflict = body && body.Conflict;
    this.suggestion = (body && body.Suggestion) || null;  // e.g. {PacsAET: "ORTHANC-XNAT-B"}
    // Every field problem of a 400, [{field, message}]; at least the one of Field.
    this.errors = ((body && body.Errors) || []).map((e) => ({ field: e.Field, message: e.Error }));
    if (this.errors.length === 0 && this.field) this.errors = [{ field: this.field, message: this.message }];
  }
}

export async function api(method, path, body, headers = {}) {
  const options = { method, headers: { ...headers } };
  if (body !== undefined) {
    options.body = JSON.stringify(body);
    options.headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(ROOT + path, options);
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

export const get = (path) => api('GET', path);
