// Inlined into <head> of every page (SiteScript.astro): the only script a lesson without a
// lab ships. Runs before first paint: resolves the theme ('ntlab:theme' = light | dark |
// absent for the OS setting) into <html data-theme>, then ticks completed lessons and labs
// from 'ntlab:progress' and handles the theme toggle and the "Mark as read" buttons.
(function (w, d) {
  var h = d.documentElement,
    THEME = 'ntlab:theme',
    PROGRESS = 'ntlab:progress';
  var dark = w.matchMedia('(prefers-color-scheme: dark)');
  function get(k) {
    try {
      return w.localStorage.getItem(k);
    } catch (e) {
      return null;
    }
  }
  function put(k, v) {
    try {
      v === null ? w.localStorage.removeItem(k) : w.localStorage.setItem(k, v);
    } catch (e) {}
  }
  function pref() {
    var p = get(THEME);
    return p === 'light' || p === 'dark' ? p : 'system';
  }
  function theme() {
    var p = pref(),
      t = p === 'system' ? (dark.matches ? 'dark' : 'light') : p;
    h.setAttribute('data-theme-pref', p);
    if (h.getAttribute('data-theme') !== t) {
      h.setAttribute('data-theme', t);
      w.dispatchEvent(new CustomEvent('ntlab:theme', { detail: t }));
    }
  }
  function progress() {
    try {
      var p = JSON.parse(get(PROGRESS) || '{}');
      return p && typeof p === 'object' ? p : {};
    } catch (e) {
      return {};
    }
  }
  function labDone(p, id) {
    var l = p.labs && p.labs[id];
    return !!l && l.total > 0 && l.done === l.total;
  }
  function lessonDone(p, el) {
    var labs = (el.getAttribute('data-labs') || '').split(' ').filter(Boolean);
    if (!labs.length) return !!p.lessons && p.lessons[el.getAttribute('data-lesson')] === true;
    return labs.every(function (id) {
      return labDone(p, id);
    });
  }
  function ticks() {
    var p = progress();
    d.querySelectorAll('[data-lesson]').forEach(function (el) {
      el.toggleAttribute('data-done', lessonDone(p, el));
    });
    d.querySelectorAll('[data-lab]').forEach(function (el) {
      el.toggleAttribute('data-done', labDone(p, el.getAttribute('data-lab')));
    });
  }
  function click(e) {
    var t = e.target instanceof Element ? e.target.closest('[data-theme-toggle],[data-mark-read]') : null;
    if (!t) return;
    if (t.hasAttribute('data-theme-toggle')) {
      // system → the opposite of the OS → the same as the OS (explicitly) → system
      var p = pref(),
        os = dark.matches ? 'dark' : 'light',
        other = os === 'dark' ? 'light' : 'dark';
      put(THEME, p === 'system' ? other : p === other ? os : null);
      theme();
    } else {
      var all = progress(),
        id = t.getAttribute('data-lesson');
      all.lessons = all.lessons && typeof all.lessons === 'object' ? all.lessons : {};
      if (all.lessons[id] === true) delete all.lessons[id];
      else all.lessons[id] = true;
      put(PROGRESS, JSON.stringify(all));
      w.dispatchEvent(new CustomEvent('ntlab:progress'));
    }
  }
  theme();
  dark.addEventListener('change', theme);
  w.addEventListener('ntlab:progress', ticks);
  w.addEventListener('storage', function (e) {
    if (e.key === THEME) theme();
    else ticks();
  });
  d.addEventListener('click', click);
  d.addEventListener('DOMContentLoaded', ticks);
  w.addEventListener('pageshow', function (e) {
    if (e.persisted) {
      theme();
      ticks();
    }
  });
})(window, document);
