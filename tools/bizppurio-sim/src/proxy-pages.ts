/**
 * Error pages as the nginx in front of a gateway sends them: HTML, not the gateway's JSON
 * envelope, so a client that only parses JSON errors meets them too.
 */
const page = (title: string) => `<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center><hr><center>nginx</center></body></html>`;

export const PROXY_PAGES = {
  502: page("502 Bad Gateway"),
  504: page("504 Gateway Time-out"),
} as const;

export const PROXY_PAGE_TYPE = "text/html";
