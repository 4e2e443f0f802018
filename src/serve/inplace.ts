// The one script of the review application (served as /assets/inplace.js, the CSP allows no
// other): acts on a result answer in place, and a short card opens in place. Every form and link
// it takes over works without it.
export const INPLACE_SCRIPT = `'use strict';
// A short card opens in place: the result's own page is read and its card swapped in.
document.addEventListener('click', async (event) => {
  const link = event.target instanceof Element && event.target.closest('a[data-expand]');
  if (!link) return;
  event.preventDefault();
  const response = await fetch(link.href, { credentials: 'same-origin' });
  const card = new DOMParser().parseFromString(await response.text(), 'text/html').getElementById(link.dataset.expand);
  const old = document.getElementById(link.dataset.expand);
  if (card && old) old.replaceWith(document.adoptNode(card));
  else location.href = link.href;
});
// An act marked data-inplace is sent with fetch: the card and the summary it changed are swapped
// in, and a refusal stands next to the control it answers.
document.addEventListener('submit', async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-inplace')) return;
  event.preventDefault();
  const action = form.getAttribute('action');
  const button = event.submitter || form.querySelector('button');
  document.querySelectorAll('.refusal').forEach((p) => p.remove());
  if (button) button.disabled = true;
  let answer;
  try {
    const response = await fetch(action, { method: 'POST', body: new URLSearchParams(new FormData(form)), headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    answer = (response.headers.get('content-type') || '').includes('application/json') ? await response.json() : { ok: false, text: '操作未完成（' + response.status + '），请刷新页面后重试。' };
  } catch {
    answer = { ok: false, text: '网络错误，操作未完成，请重试。' };
  }
  if (button) button.disabled = false;
  for (const [id, markup] of Object.entries(answer.fragments || {})) {
    const old = document.getElementById(id);
    if (old) old.outerHTML = markup;
  }
  const status = document.getElementById('act-status');
  if (answer.ok) {
    status.textContent = answer.text;
    status.hidden = false;
    return;
  }
  status.hidden = true;
  const refusal = document.createElement('p');
  refusal.className = 'refusal';
  refusal.setAttribute('role', 'alert');
  refusal.textContent = answer.text;
  const at = [...document.querySelectorAll('form[data-inplace]')].find((f) => f.getAttribute('action') === action) || form;
  at.append(refusal);
  refusal.scrollIntoView({ block: 'nearest' });
});
`;
