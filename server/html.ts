import escapeHtml from 'escape-html';

/** Wraps one line of text in a minimal HTML page; the text is escaped because it may come from the client. */
export function htmlPage(text: string): string {
  return `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>Cookie harness</title>
<p id="message">${escapeHtml(text)}</p>
</html>
`;
}

/** A page with a form that POSTs to the echo route, to prove cookies ride along on form submissions. */
export const FORM_PAGE = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>Cookie harness form</title>
<form method="post" action="/echo"><button id="send">Send</button></form>
</html>
`;

/** Where a cross-site page reaches the other site, one way each; every URL is built by the server. */
export interface CrossSiteTargets {
  link: string;
  formPost: string;
  image: string;
  iframe: string;
}

/**
 * A page of one site that reaches the other site by a link, a form POST, an image and an iframe. What the
 * iframe's script posts back (see framePage) becomes `window.frameReport`.
 */
export function crossSitePage(targets: CrossSiteTargets): string {
  const url = (key: keyof CrossSiteTargets) => escapeHtml(targets[key]);
  return `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>Cookie harness cross-site page</title>
<script>
window.frameReport = new Promise((resolve) => addEventListener('message', (event) => {
  if (event.source === document.getElementById('iframe').contentWindow) resolve(event.data);
}));
</script>
<a id="link" href="${url('link')}">Link to the other site</a>
<form method="post" action="${url('formPost')}"><button id="form-post">Post to the other site</button></form>
<img id="image" src="${url('image')}" alt="">
<iframe id="iframe" src="${url('iframe')}"></iframe>
</html>
`;
}

/** The cookie the cross-site iframe's script writes (the matrix shows it on its row). */
export const FRAME_COOKIE_WRITE = 'frame_written=yes; SameSite=None; Secure; Path=/';

/**
 * A page for a cross-site iframe: its script reads document.cookie, writes a cookie, reads again, and posts both
 * readings to the parent page.
 */
export function framePage(): string {
  return `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>Cookie harness frame</title>
<script>
const before = document.cookie;
document.cookie = ${JSON.stringify(FRAME_COOKIE_WRITE)};
window.parent.postMessage({ before, after: document.cookie }, '*');
</script>
</html>
`;
}
