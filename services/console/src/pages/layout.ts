import { html, type Html } from "./html.js";

export interface PageContext {
  user: string;
  csrf: string;
  zone: "kst" | "utc";
  /** The current path and query, for the time-zone toggle. */
  path: string;
}

const NAV: [string, string][] = [
  ["/", "Search"],
  ["/failures", "Failures"],
  ["/dlq", "DLQ"],
  ["/alerts", "Alerts"],
  ["/health", "Health"],
];

function zoneToggle(ctx: PageContext): Html {
  const url = new URL(ctx.path, "http://console");
  url.searchParams.set("tz", ctx.zone === "kst" ? "utc" : "kst");
  return html`<a class="tz" href="${url.pathname}${url.search}" title="times are shown in ${ctx.zone.toUpperCase()}">${ctx.zone === "kst" ? "KST → UTC" : "UTC → KST"}</a>`;
}

/** Every page: navigation, the search box, the signed-in user, htmx from this server (no CDN). */
export function layout(title: string, ctx: PageContext, body: Html): Html {
  return html`<!doctype html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="htmx-config" content='{"includeIndicatorStyles":false}'>
<title>${title} · sunseo console</title>
<link rel="stylesheet" href="/static/console.css">
<script src="/static/htmx.min.js" defer></script>
<script src="/static/console.js" defer></script>
</head>
<body hx-headers='{"x-csrf-token": "${ctx.csrf}"}'>
<header>
  <a class="brand" href="/">sunseo console</a>
  <nav>${NAV.map(([href, label]) => html`<a href="${href}">${label}</a>`)}</nav>
  <form class="search" action="/search" method="get"><input name="q" type="search" placeholder="phone, instance id, refkey, messagekey, idempotency key" aria-label="search" required></form>
  ${zoneToggle(ctx)}
  <form method="post" action="/logout" class="logout"><input type="hidden" name="_csrf" value="${ctx.csrf}"><button>${ctx.user} · sign out</button></form>
</header>
<main>
${body}
</main>
</body>
</html>`;
}

/** The sign-in page, outside the layout (no user yet). */
export function loginPage(error: string | undefined, next: string): Html {
  return html`<!doctype html>
<html lang="ko">
<head><meta charset="utf-8"><title>Sign in · sunseo console</title><link rel="stylesheet" href="/static/console.css"></head>
<body class="login">
<form method="post" action="/login">
  <h1>sunseo console</h1>
  ${error ? html`<p class="error">${error}</p>` : ""}
  <label>User <input name="user" autocomplete="username" required autofocus></label>
  <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
  <input type="hidden" name="next" value="${next}">
  <button>Sign in</button>
</form>
</body>
</html>`;
}

export const notice = (kind: "ok" | "error" | "info", text: string | Html): Html => html`<p class="notice ${kind}">${text}</p>`;
