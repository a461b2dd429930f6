/**
 * The instructor's dashboard page. The server writes the frame and the first
 * snapshot (as inert JSON); /_classroom/instructor.js renders and keeps it live.
 * Every student-supplied string is escaped, here and in the script (which only
 * ever sets textContent).
 */
import type { DashboardSnapshot } from './protocol.ts';
import { escapeHtml, jsonForHtml } from './html.ts';

export function instructorPage(snapshot: DashboardSnapshot): string {
  const name = escapeHtml(snapshot.classroom.name);
  const addresses = snapshot.classroom.addresses.map((a) => `<li><code>${escapeHtml(a)}</code></li>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Instructor · ${name}</title>
<link rel="stylesheet" href="/_classroom/instructor.css">
</head>
<body>
<header class="top">
  <h1>${name} <span class="sub">instructor</span></h1>
  <p class="join">Join code <strong id="join-code" class="code">${escapeHtml(snapshot.classroom.code)}</strong></p>
  ${addresses ? `<div class="addresses"><span>Students open</span><ul>${addresses}</ul></div>` : ''}
  <p class="connection" id="connection" role="status" aria-live="polite">Connecting…</p>
</header>
<main>
  <section aria-labelledby="pace-title" class="panel">
    <h2 id="pace-title">Pace the room</h2>
    <form id="broadcast-form" class="row">
      <label for="broadcast-text">Message to every student</label>
      <input id="broadcast-text" name="message" maxlength="500" required autocomplete="off">
      <button type="submit">Broadcast</button>
    </form>
    <p id="broadcast-status" role="status" aria-live="polite" class="note"></p>
    <div id="locks"></div>
    <p class="exports">Export grades: <a href="/api/export.csv" download>CSV</a> · <a href="/api/export.json" download>JSON</a></p>
  </section>
  <section aria-labelledby="grid-title" class="panel">
    <h2 id="grid-title">Progress</h2>
    <p class="rule" id="rule"><strong>Rule:</strong> ${escapeHtml(snapshot.rule.text)}</p>
    <p class="row"><label for="grid-order">Order</label>
      <select id="grid-order">
        <option value="joined">as they joined</option>
        <option value="stuck">stuck first</option>
        <option value="name">by name</option>
        <option value="progress">least progress first</option>
      </select></p>
    <div id="grid" class="grid-wrap"></div>
  </section>
  <section aria-labelledby="detail-title" class="panel" id="detail-panel" hidden>
    <h2 id="detail-title" tabindex="-1">Student</h2>
    <div id="detail"></div>
  </section>
</main>
<script type="application/json" id="snapshot">${jsonForHtml(snapshot)}</script>
<script type="module" src="/_classroom/instructor.js"></script>
</body>
</html>
`;
}

export function instructorDenied(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Instructor link required</title></head>
<body><main><h1>Instructor link required</h1>
<p>Open the instructor link that <code>npx ntlab classroom</code> printed when it started (it carries a secret token).</p>
</main></body></html>
`;
}
