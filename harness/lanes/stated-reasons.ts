import { setTimeout as delay } from 'node:timers/promises';
import type { CDPSession, Page } from '@playwright/test';
import { waitUntil } from '../processes/wait-until.ts';
import type { CookiesAbout, Stated } from './visitor.ts';

/**
 * Hears what a browser states about the cookies it refuses or withholds, for the whole visit. Reading never fails
 * and never changes an observation: what could not be heard reads `unheard`, with which request and why.
 */
export interface ReasonListener {
  statedAbout(about: CookiesAbout): Promise<Stated>;
  /** Forgets what it heard: it answers from what the browser says from now on (the next test in the same page). */
  forget(): void;
  /** Stops listening; what it attached to the browser is let go. */
  close(): Promise<void>;
}

// The parts of CDP's Network and Target events this reads (Network.BlockedSetCookieWithReason,
// ExemptedSetCookieWithReason, AssociatedCookie, Target.TargetInfo in Chromium's protocol).
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
interface RequestWillBeSent {
  requestId: string;
  request: { url: string };
  redirectResponse?: unknown;
  redirectHasExtraInfo?: boolean;
}
interface AttachedToTarget {
  sessionId: string;
}

// A limit no loaded machine reaches for extra info a target already announced; past it the request reads unheard.
const EXTRA_INFO_LIMIT_MS = 10_000;
// CDP's "no exemption" value, which every associated cookie carries.
const NO_EXEMPTION = 'None';
// Every target a page opens (out-of-process frames, workers, popups) is attached paused, and runs once heard.
const AUTO_ATTACH = { autoAttach: true, waitForDebuggerOnStart: true, flatten: false };

type Handler = (params: never) => void;

/** A CDP session: the one Playwright opens, or a target attached under another (its messages wrapped by the parent). */
interface Channel {
  send(method: string, params?: object): Promise<unknown>;
  on(event: string, handler: Handler): void;
}

/** Playwright's CDP session as a channel (its typings know only the methods it names). */
function playwrightChannel(session: CDPSession): Channel {
  const untyped = session as unknown as { send(method: string, params?: object): Promise<unknown>; on(event: string, handler: Handler): void };
  return { send: (method, params) => untyped.send(method, params), on: (event, handler) => untyped.on(event, handler) };
}

/**
 * A target attached without flattening: its commands and events travel inside its parent's
 * Target.sendMessageToTarget and Target.receivedMessageFromTarget, because Playwright's connection routes only the
 * sessions it created itself.
 */
class ChildChannel implements Channel {
  private nextId = 1;
  private gone = false;
  private readonly pending = new Map<number, { resolve(result: unknown): void; reject(error: Error): void }>();
  private readonly handlers = new Map<string, Handler[]>();

  constructor(
    private readonly parent: Channel,
    private readonly sessionId: string,
  ) {}

  send(method: string, params: object = {}): Promise<unknown> {
    if (this.gone) return Promise.reject(new Error('the target detached'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.parent.send('Target.sendMessageToTarget', { sessionId: this.sessionId, message: JSON.stringify({ id, method, params }) }).catch((error: Error) => {
        this.pending.delete(id);
        reject(error);
      });
    });
  }

  on(event: string, handler: Handler): void {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
  }

  deliver(message: string): void {
    const { id, method, params, result, error } = JSON.parse(message) as { id?: number; method?: string; params?: never; result?: unknown; error?: { message: string } };
    if (id !== undefined) {
      const waiting = this.pending.get(id);
      this.pending.delete(id);
      if (error) waiting?.reject(new Error(error.message));
      else waiting?.resolve(result);
      return;
    }
    for (const handler of this.handlers.get(method ?? '') ?? []) handler(params!);
  }

  detached(): void {
    this.gone = true;
    for (const { reject } of this.pending.values()) reject(new Error('the target detached'));
    this.pending.clear();
  }
}

/** One request as Chromium reported it: every URL it went to, and the extra info announced and received per hop. */
interface HeardRequest {
  urls: string[];
  announced: number;
  received: number;
  failed: boolean;
  /** When the last extra info was announced (performance.now()): past the limit, it is no longer waited for. */
  announcedAt: number;
}

/** What Chromium said about one cookie on one request or response. */
interface Statement {
  cookie: string;
  requestId: string;
  reasons: string[];
}

/**
 * Chromium's own reasons, from its Network events over CDP: `blockedReasons` and `exemptionReason` of the cookies a
 * response tried to set (`responseReceivedExtraInfo`) and of those a request could have carried
 * (`requestWillBeSentExtraInfo`), as DevTools' Network panel shows them. Chromium dispatches an event to the target
 * that owns the frame when it sends it, so the listener hears every target of the page: the page; attached paused
 * until Network is enabled on them, its out-of-process frames and workers, recursively; and the popups it opens,
 * as soon as Chromium announces them.
 */
export class ChromiumReasons implements ReasonListener {
  private readonly requests = new Map<string, HeardRequest>();
  private readonly statements: Statement[] = [];
  private readonly channels = new Set<Channel>();

  private constructor(private readonly detach: () => Promise<void>) {}

  static async listen(page: Page): Promise<ChromiumReasons> {
    const session = await page.context().newCDPSession(page);
    const root = playwrightChannel(session);
    const listener = new ChromiumReasons(() => session.detach());
    await listener.hear(root);
    await listener.hearPopups(root);
    return listener;
  }

  async statedAbout({ cookies, url }: CookiesAbout): Promise<Stated> {
    // A command's answer comes after every event its target sent before it; one that never answers is not waited for.
    // A target that does not answer within the limit is not asked again.
    const answered = new Set<Channel>();
    const barrier = Promise.all(
      [...this.channels].map((channel) =>
        channel
          .send('Network.getCookies', { urls: [] })
          .catch(() => undefined)
          .then(() => answered.add(channel)),
      ),
    );
    await Promise.race([barrier, delay(EXTRA_INFO_LIMIT_MS, undefined, { ref: false })]);
    for (const channel of this.channels) if (!answered.has(channel)) this.channels.delete(channel);
    const row = [...this.requests].filter(([, request]) => url === undefined || request.urls.some((visited) => visited.includes(url)));
    const missing = () => row.filter(([, request]) => !request.failed && request.received < request.announced);
    // Each request is waited for until the limit after its announcement, once: a later row does not wait again.
    const awaiting = () => missing().filter(([, request]) => performance.now() - request.announcedAt < EXTRA_INFO_LIMIT_MS);
    await waitUntil(() => awaiting().length === 0, EXTRA_INFO_LIMIT_MS, '').catch(() => undefined);
    const ids = new Set(row.map(([id]) => id));
    const about = this.statements.filter((statement) => cookies.includes(statement.cookie) && (url === undefined || ids.has(statement.requestId)));
    const reasons = [...new Set(about.flatMap(({ reasons }) => reasons))];
    if (reasons.length > 0) return { reasons };
    const late = missing();
    if (late.length > 0) {
      const urls = late.map(([, request]) => request.urls.at(-1)).join(', ');
      return { unheard: `Chromium announced what it said about the cookies of ${urls} and did not send it within ${EXTRA_INFO_LIMIT_MS / 1000} s` };
    }
    if (url !== undefined && row.length === 0) return { unheard: `no request whose URL holds ${url} reached the page, its frames or its popups` };
    return { reasons: [] };
  }

  forget(): void {
    this.requests.clear();
    this.statements.length = 0;
  }

  async close(): Promise<void> {
    await this.detach().catch(() => undefined);
  }

  /** Listens to one target's Network events, and attaches to the targets it starts. */
  private async hear(channel: Channel): Promise<void> {
    this.channels.add(channel);
    channel.on('Network.requestWillBeSent', ({ requestId, request, redirectResponse, redirectHasExtraInfo }: RequestWillBeSent) => {
      const heard = this.request(requestId);
      heard.urls.push(request.url);
      if (redirectResponse && redirectHasExtraInfo) this.announce(heard);
    });
    channel.on('Network.responseReceived', ({ requestId, hasExtraInfo }: { requestId: string; hasExtraInfo: boolean }) => {
      if (hasExtraInfo) this.announce(this.request(requestId));
    });
    channel.on('Network.loadingFailed', ({ requestId }: { requestId: string }) => {
      this.request(requestId).failed = true;
    });
    channel.on('Network.responseReceivedExtraInfo', (event: ResponseExtraInfo) => this.onResponse(event));
    channel.on('Network.requestWillBeSentExtraInfo', (event: RequestExtraInfo) => this.onRequest(event));
    this.adoptChildren(channel);
    await channel.send('Network.enable');
    await channel.send('Target.setAutoAttach', AUTO_ATTACH);
  }

  /**
   * Popups: no session but a browser one (which Playwright's connection would not route) auto-attaches new pages,
   * so a page this visit opens is attached as soon as it is announced. Its first request can go before: it then
   * reads unheard.
   */
  private async hearPopups(root: Channel): Promise<void> {
    const { targetInfo } = (await root.send('Target.getTargetInfo')) as { targetInfo: { targetId: string } };
    const ours = new Set([targetInfo.targetId]);
    root.on('Target.targetCreated', ({ targetInfo: { targetId, type, openerId } }: { targetInfo: { targetId: string; type: string; openerId?: string } }) => {
      if (type !== 'page' || !openerId || !ours.has(openerId)) return;
      ours.add(targetId);
      root.send('Target.attachToTarget', { targetId, flatten: false }).catch(() => undefined);
    });
    await root.send('Target.setDiscoverTargets', { discover: true, filter: [{ type: 'page' }] });
  }

  /**
   * Targets attached under a channel (auto-attached, or attached as popups) are heard before they run; each is let
   * run whatever happens, since a target left waiting would hang the page.
   */
  private adoptChildren(parent: Channel): void {
    const children = new Map<string, ChildChannel>();
    parent.on('Target.receivedMessageFromTarget', ({ sessionId, message }: { sessionId: string; message: string }) => children.get(sessionId)?.deliver(message));
    parent.on('Target.detachedFromTarget', ({ sessionId }: { sessionId: string }) => {
      const child = children.get(sessionId);
      child?.detached();
      if (child) this.channels.delete(child);
      children.delete(sessionId);
    });
    parent.on('Target.attachedToTarget', ({ sessionId }: AttachedToTarget) => {
      const child = new ChildChannel(parent, sessionId);
      children.set(sessionId, child);
      void this.hear(child)
        .catch(() => undefined)
        .then(() => child.send('Runtime.runIfWaitingForDebugger'))
        .catch(() => undefined);
    });
  }

  private request(requestId: string): HeardRequest {
    let heard = this.requests.get(requestId);
    if (!heard) this.requests.set(requestId, (heard = { urls: [], announced: 0, received: 0, failed: false, announcedAt: 0 }));
    return heard;
  }

  private announce(heard: HeardRequest): void {
    heard.announced++;
    heard.announcedAt = performance.now();
  }

  private onResponse({ requestId, blockedCookies, exemptedCookies = [] }: ResponseExtraInfo): void {
    for (const statement of [...blockedCookies, ...exemptedCookies]) {
      const cookie = statement.cookie?.name ?? statement.cookieLine.split('=')[0]!.trim();
      this.record(requestId, cookie, statement.blockedReasons ?? [], statement.exemptionReason);
    }
    this.request(requestId).received++;
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
 * Where no error names the cookies, a warning may still have: the lane cannot hear those, and says so.
 */
export class FirefoxConsoleReasons implements ReasonListener {
  private readonly messages: string[] = [];

  constructor(page: Page) {
    page.on('pageerror', ({ message }) => this.messages.push(message));
  }

  async statedAbout({ cookies }: CookiesAbout): Promise<Stated> {
    const about = this.messages.filter((message) => cookies.some((cookie) => message.includes(`“${cookie}”`)));
    if (about.length > 0) return { reasons: [...new Set(about)] };
    return { unheard: 'Firefox logged no error about these cookies, and its warnings (an oversize cookie, say) do not reach this lane: WebDriver BiDi forwards console errors only' };
  }

  forget(): void {
    this.messages.length = 0;
  }

  async close(): Promise<void> {}
}
