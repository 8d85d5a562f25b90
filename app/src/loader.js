// The one script every page carries, inline in its <head> (see `shell` in lib.rs). Pages are
// complete as HTML and their forms post and redirect without it; it adds three things.
//
// 1. Islands: a page with a <leptos-island> loads the WASM once the browser is idle and
//    hydrates each island; a page without one loads nothing. An island inside
//    data-needs="<name>" counts only where the browser has that (the counter's scanner needs
//    BarcodeDetector: elsewhere it would only hide its button). When done, <html> gets
//    data-islands="ready" (the browser tests wait for it).
// 2. One submission per press: a form that is being posted ignores a second press (a double
//    tap on a slow phone would otherwise send it twice; the server refuses a repeat anyway).
// 3. Nothing typed is lost: before a form posts, what was typed is kept in this tab's session
//    storage; when the server sends the person back with an error (?__err= in the address),
//    the same form gets it back (and is unfolded when it sits in a closed <details>).
//    Passwords, files and hidden fields are never kept, and the copy is removed on the next
//    page, whatever happened.
const islands = [...document.querySelectorAll('leptos-island')].filter((el) => {
  const needs = el.closest('[data-needs]');
  return !needs || needs.dataset.needs in window;
});
if (!islands.length && document.querySelector('leptos-island')) document.documentElement.dataset.islands = 'ready';
if (islands.length) {
  const start = () => import('/pkg/__JS__').then(async (m) => {
    await m.default({ module_or_path: '/pkg/__WASM__' });
    m.hydrate();
    for (const el of islands) {
      const island = m[el.dataset.component];
      if (island) island(el);
    }
    document.documentElement.dataset.islands = 'ready';
  });
  if ('requestIdleCallback' in window) requestIdleCallback(start); else start();
}

const KEPT = 'ck-typed';
const posts = (form) => (form.getAttribute('method') || '').toLowerCase() === 'post';
const kept = (el) => el.name && !['password', 'file', 'hidden', 'submit', 'button', 'reset'].includes(el.type);
const formsLike = (action) => [...document.forms].filter((f) => posts(f) && f.getAttribute('action') === action);

addEventListener('submit', (ev) => {
  const form = ev.target;
  if (ev.defaultPrevented || !posts(form)) return;
  if (form.dataset.sending) { ev.preventDefault(); return; }
  form.dataset.sending = '1';
  // A form that answers with a download leaves the page where it is: pressable again soon.
  setTimeout(() => { delete form.dataset.sending; }, 8000);
  const action = form.getAttribute('action');
  const fields = [...form.elements].filter(kept).map((el) => [el.name, el.type === 'checkbox' || el.type === 'radio' ? el.checked : el.value]);
  try {
    sessionStorage.setItem(KEPT, JSON.stringify({ path: location.pathname, action, index: formsLike(action).indexOf(form), fields }));
  } catch (_) { /* storage full or switched off: the form posts all the same */ }
});
// A page shown again from the back-forward cache may be posted again.
addEventListener('pageshow', () => { for (const f of document.forms) delete f.dataset.sending; });

let typed = null;
try { typed = JSON.parse(sessionStorage.getItem(KEPT)); sessionStorage.removeItem(KEPT); } catch (_) { typed = null; }
const form = typed && typed.path === location.pathname && new URLSearchParams(location.search).has('__err')
  ? formsLike(typed.action)[typed.index] : null;
if (form) {
  // A form folded away in a <details> is opened again, with its errors.
  for (let d = form.closest('details'); d; d = d.parentElement && d.parentElement.closest('details')) d.open = true;
  const next = {};
  for (const [name, value] of typed.fields) {
    const same = [...form.elements].filter((el) => el.name === name && kept(el));
    const el = same[next[name] = (next[name] ?? -1) + 1];
    if (!el) continue;
    if (typeof value === 'boolean') el.checked = value; else el.value = value;
  }
}
