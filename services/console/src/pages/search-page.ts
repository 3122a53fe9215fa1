import { html, type Html } from "./html.js";

/** The start page: one box for everything an operator may have in hand. */
export const searchPage = (error: string | undefined): Html => html`<h1>What happened to this user's messages?</h1>
<form class="big-search" action="/search" method="get">
  <input name="q" type="search" autofocus required placeholder="010-1234-5678, an instance id, a refkey, a Bizppurio messagekey or an idempotency key">
  <button>Search</button>
</form>
${error ? html`<p class="notice error">${error}</p>` : ""}
<p class="muted">Phones in any form (010-1234-5678, 01012345678, +82 10 1234 5678). Phones are masked; revealing one is written to the audit log.</p>`;
