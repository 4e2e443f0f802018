// A session of the review server over plain HTTP, as a browser keeps one: cookies kept, the page's
// CSRF token read from its forms. Used by the serve tests and the load bench alike.

export const FLASH_COOKIE = 'wj_notice';

export class HttpClient {
  private cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  async request(method: string, path: string, init: { form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = { ...init.headers };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(this.base + path, { method, headers, body: init.form ? new URLSearchParams(init.form).toString() : undefined, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [name, value] = pair!.split('=');
      if (/Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(c) || value === '') this.cookies.delete(name!);
      else this.cookies.set(name!, value!);
    }
    return res;
  }

  /** The notice a POST/redirect/GET left for the next page (and takes it, as that page would). */
  takeNotice(): { kind: string; text: string } | null {
    const raw = this.cookies.get(FLASH_COOKIE);
    this.cookies.delete(FLASH_COOKIE);
    if (!raw) return null;
    try {
      return JSON.parse(decodeURIComponent(raw)) as { kind: string; text: string };
    } catch {
      return null;
    }
  }

  /** GETs a page and returns its `_csrf` field. */
  async csrf(path: string): Promise<string> {
    const text = await (await this.request('GET', path)).text();
    return /name="_csrf" value="([^"]+)"/.exec(text)?.[1] ?? '';
  }

  async logIn(id: string, password: string): Promise<Response> {
    const token = await this.csrf('/login');
    return this.request('POST', '/login', { form: { _csrf: token, id, password, next: '/' } });
  }
}
