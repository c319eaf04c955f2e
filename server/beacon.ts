import type { Request, Response } from 'express';

// The smallest valid GIF: one transparent pixel.
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const ID_PATTERN = /^[\w-]{1,64}$/;
const ID_RULE = 'The beacon id must be 1 to 64 letters, digits, "_" or "-".';
// Keeps memory bounded whatever clients send: the oldest entry goes first.
const MAX_ENTRIES = 100;

export type Beacon = ReturnType<typeof createBeacon>;

/**
 * Requests that page script cannot read (images, frames, other sites' navigations) are proven on the server side:
 * the server remembers the Cookie header each one arrived with, under an id the test chose.
 */
export function createBeacon() {
  const seen = new Map<string, string | null>();

  /** Remembers the request under its `?id=` and returns the id; answers 400 itself and returns undefined when invalid. */
  function remember(req: Request, res: Response): string | undefined {
    const id = req.query.id;
    if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
      res.status(400).type('text').send(ID_RULE);
      return undefined;
    }
    seen.delete(id);
    seen.set(id, req.headers.cookie ?? null);
    if (seen.size > MAX_ENTRIES) seen.delete(seen.keys().next().value!);
    return id;
  }

  function image(req: Request, res: Response) {
    if (remember(req, res) === undefined) return;
    res.type('gif').set('Cache-Control', 'no-store').send(PIXEL);
  }

  function report(req: Request, res: Response) {
    const id = req.params.id;
    if (typeof id !== 'string' || !seen.has(id)) {
      res.status(404).type('text').send('No beacon request was made with that id.');
      return;
    }
    res.json({ cookieHeader: seen.get(id) });
  }

  return { remember, image, report };
}
