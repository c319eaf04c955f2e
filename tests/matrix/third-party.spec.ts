import { randomUUID } from 'node:crypto';
import { FRAME_COOKIE_WRITE } from '../../server/html.ts';
import { carries, matrixRows, received, scriptWrites, setCookieLines, test } from '../support/fixtures.ts';

/** What the frame page's script saw inside the cross-site iframe (server/html.ts, framePage). */
interface FrameReport {
  before: string;
  after: string;
}

function frameReport(): Promise<FrameReport> {
  return (window as unknown as { frameReport: Promise<FrameReport> }).frameReport;
}

test(
  'should say what a cross-site iframe can store, send and read',
  matrixRows({
    'third-party-set-in-iframe': {
      title: "SameSite=None; Secure set by a cross-site iframe's response; then the iframe loads again under the same top-level site",
      topic: 'Third party',
      parts: ['frameScriptSeesIt', 'sentToFrame', 'sentTopLevel'],
      cookies: [setCookieLines('third-party-in-iframe', 'third_party')],
    },
    'partitioned-in-iframe': {
      title: "SameSite=None; Secure; Partitioned set by a cross-site iframe's response; then the iframe loads again under the same top-level site",
      topic: 'Third party',
      parts: ['frameScriptSeesIt', 'sentToFrame', 'sentTopLevel'],
      cookies: [setCookieLines('third-party-in-iframe', 'partitioned')],
    },
    'third-party-document-cookie-in-iframe': {
      title: 'Script in a cross-site iframe, where its site set a SameSite=None cookie top-level, then writes one',
      topic: 'Third party',
      parts: ['readsSiteCookie', 'seesOwnWrite'],
      cookies: [setCookieLines('first-party-none'), scriptWrites(FRAME_COOKIE_WRITE)],
    },
  }),
  async ({ visitor, sites, cookiesSentWith, observe }) => {
    const id = randomUUID();
    // Site A (localhost) first as the top-level site, so that its frame has a first-party cookie to read.
    await visitor.open(`${sites.httpsA}/cookie-case/first-party-none`);
    // Inside site B, A's iframe response sets third_party and partitioned; then A's iframe loads again and its script reports.
    await visitor.open(`${sites.httpsB}/cross-site/page?id=${id}-set&frame=third-party-cookies`);
    await visitor.open(`${sites.httpsB}/cross-site/page?id=${id}&frame=script`);
    const inFrame = await cookiesSentWith(`${id}-iframe`);
    const script = await visitor.run(frameReport);
    const topLevel = received(await visitor.open(`${sites.httpsA}/echo`)).cookies;

    for (const [row, name] of [['third-party-set-in-iframe', 'third_party'], ['partitioned-in-iframe', 'partitioned']] as const) {
      await observe(row, [carries(script.before, name), inFrame.includes(name), Object.hasOwn(topLevel, name)], { cookies: [name] });
    }
    await observe('third-party-document-cookie-in-iframe', [carries(script.before, 'first_party_none'), carries(script.after, 'frame_written')], {
      cookies: ['first_party_none', 'frame_written'],
      url: `${id}-iframe`,
    });
  },
);
