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
