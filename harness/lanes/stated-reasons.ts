import type { BrowserContext, CDPSession, Frame, Page } from '@playwright/test';
import type { CookiesAbout, Stated } from './visitor.ts';

/** What the browser said about one cookie on one request or response. */
interface Statement {
  cookie: string;
  requestId: string;
  reasons: string[];
}

/** Hears what a browser states about the cookies it refuses or withholds, for the whole visit. */
export interface ReasonListener {
  statedAbout(about: CookiesAbout): Promise<Stated>;
}

// The parts of CDP's Network events this reads (Network.BlockedSetCookieWithReason, ExemptedSetCookieWithReason,
// AssociatedCookie in Chromium's protocol).
interface SetCookieStatement {
  blockedReasons?: string[];
  exemptionReason?: string;
  cookieLine: string;
  cookie?: { name: string };
}
interface ResponseExtraInfo {
  requestId: string;
  blockedCookies: SetCookieStatement[];
  exemptedCookies?: SetCookieStatement[];
}
interface RequestExtraInfo {
  requestId: string;
  associatedCookies: { cookie: { name: string }; blockedReasons: string[]; exemptionReason?: string }[];
}

// How long Chromium may take to send the extra info it announced with a response.
const EXTRA_INFO_TIMEOUT_MS = 5_000;
// CDP's "no exemption" value, which every associated cookie carries.
const NO_EXEMPTION = 'None';

/**
 * Chromium's own reasons, from its Network events over CDP: `blockedReasons` and `exemptionReason` of the cookies a
 * response tried to set (`responseReceivedExtraInfo`) and of those a request could have carried
 * (`requestWillBeSentExtraInfo`), as DevTools' Network panel shows them. A cross-site iframe's document request is
 * reported on its parent's target; what an out-of-process frame requests afterwards is reported on the frame's own
 * target, so each such frame gets a session when it commits.
 */
export class ChromiumReasons implements ReasonListener {
  private readonly statements: Statement[] = [];
  private readonly urls = new Map<string, string>();
  // Responses that announced extra info (hasExtraInfo) not yet received: a reading waits for them. The extra info
  // may also come first.
  private readonly awaitedExtraInfo = new Set<string>();
  private readonly receivedExtraInfo = new Set<string>();
  private readonly settledWaiters: (() => void)[] = [];
  private readonly sessions: CDPSession[] = [];

  private constructor(private readonly context: BrowserContext) {}

  static async listen(page: Page): Promise<ChromiumReasons> {
    const listener = new ChromiumReasons(page.context());
    await listener.attach(page);
    page.on('framenavigated', (frame) => void listener.attachToFrame(frame));
    return listener;
  }

  async statedAbout({ cookies, url }: CookiesAbout): Promise<Stated> {
    // A command's answer comes after every event the target sent before it; then wait for announced extra info.
    await Promise.all(this.sessions.map((session) => session.send('Network.getCookies', { urls: [] }).catch(() => undefined)));
    if (this.awaitedExtraInfo.size > 0) {
      await new Promise<void>((resolve, reject) => {
        const late = () => `Chromium announced, but did not send within ${EXTRA_INFO_TIMEOUT_MS} ms, what it said about the cookies of ${[...this.awaitedExtraInfo].map((id) => this.urls.get(id) ?? id).join(', ')}`;
        const timer = setTimeout(() => reject(new Error(late())), EXTRA_INFO_TIMEOUT_MS);
        this.settledWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    // A request's extra info can come before the request itself: its URL is looked up now.
    const about = this.statements.filter(({ cookie, requestId }) => cookies.includes(cookie) && (url === undefined || (this.urls.get(requestId) ?? '').includes(url)));
    return { reasons: [...new Set(about.flatMap(({ reasons }) => reasons))] };
  }

  private async attachToFrame(frame: Frame): Promise<void> {
    if (frame === frame.page().mainFrame()) return;
    // A frame in its parent's process has no target of its own: the parent's session hears it.
    await this.attach(frame).catch(() => undefined);
  }

  private async attach(target: Page | Frame): Promise<void> {
    const session = await this.context.newCDPSession(target);
    this.sessions.push(session);
    session.on('Network.requestWillBeSent', ({ requestId, request }) => this.urls.set(requestId, request.url));
    session.on('Network.responseReceived', ({ requestId, hasExtraInfo }) => {
      if (hasExtraInfo && !this.receivedExtraInfo.has(requestId)) this.awaitedExtraInfo.add(requestId);
    });
    session.on('Network.responseReceivedExtraInfo', (event) => this.onResponse(event as ResponseExtraInfo));
    session.on('Network.requestWillBeSentExtraInfo', (event) => this.onRequest(event as RequestExtraInfo));
    await session.send('Network.enable');
  }

  private onResponse({ requestId, blockedCookies, exemptedCookies = [] }: ResponseExtraInfo): void {
    for (const statement of [...blockedCookies, ...exemptedCookies]) {
      const cookie = statement.cookie?.name ?? statement.cookieLine.split('=')[0]!.trim();
      this.record(requestId, cookie, statement.blockedReasons ?? [], statement.exemptionReason);
    }
    this.receivedExtraInfo.add(requestId);
    this.awaitedExtraInfo.delete(requestId);
    if (this.awaitedExtraInfo.size === 0) this.settledWaiters.splice(0).forEach((resolve) => resolve());
  }

  private onRequest({ requestId, associatedCookies }: RequestExtraInfo): void {
    for (const { cookie, blockedReasons, exemptionReason } of associatedCookies) this.record(requestId, cookie.name, blockedReasons, exemptionReason);
  }

  private record(requestId: string, cookie: string, blockedReasons: string[], exemptionReason: string | undefined): void {
    const reasons = [...blockedReasons, ...(exemptionReason && exemptionReason !== NO_EXEMPTION ? [`exemptionReason: ${exemptionReason}`] : [])];
    if (reasons.length > 0) this.statements.push({ cookie, requestId, reasons });
  }
}

/**
 * Firefox's own words, from its console over WebDriver BiDi. Firefox writes a message for each cookie it refuses;
 * BiDi's `log.entryAdded` forwards only those logged as errors (its ConsoleListener emits warnings, but the log
 * module listens to errors alone), and Playwright hands them over as page errors. The message names the cookie.
 */
export class FirefoxConsoleReasons implements ReasonListener {
  private readonly messages: string[] = [];

  constructor(page: Page) {
    page.on('pageerror', ({ message }) => this.messages.push(message));
  }

  async statedAbout({ cookies }: CookiesAbout): Promise<Stated> {
    const about = this.messages.filter((message) => cookies.some((cookie) => message.includes(`“${cookie}”`)));
    return { reasons: [...new Set(about)] };
  }
}
