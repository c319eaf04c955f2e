import type { Request, Response } from 'express';

// The smallest valid GIF: one transparent pixel.
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const ID_PATTERN = /^[\w-]{1,64}$/;
// Keeps memory bounded whatever clients send: the oldest entry goes first.
const MAX_ENTRIES = 100;

/**
 * Image requests cannot be read by page script, so the server remembers the
 * Cookie header each beacon image arrived with, under an id the test chose.
 */
export function createBeacon() {
  const seen = new Map<string, string | null>();

  function image(req: Request, res: Response) {
    const id = req.query.id;
    if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
      res.status(400).type('text').send('The beacon id must be 1 to 64 letters, digits, "_" or "-".');
      return;
    }
    seen.delete(id);
    seen.set(id, req.headers.cookie ?? null);
    if (seen.size > MAX_ENTRIES) seen.delete(seen.keys().next().value!);
    res.type('gif').set('Cache-Control', 'no-store').send(PIXEL);
  }

  function report(req: Request, res: Response) {
    const id = req.params.id;
    if (typeof id !== 'string' || !seen.has(id)) {
      res.status(404).type('text').send('No beacon image was requested with that id.');
      return;
    }
    res.json({ cookieHeader: seen.get(id) });
  }

  return { image, report };
}
