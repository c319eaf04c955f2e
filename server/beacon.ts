import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';

// The smallest valid GIF: one transparent pixel.
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const ID_PATTERN = /^[\w-]{1,64}$/;
const ID_RULE = 'The beacon id must be 1 to 64 letters, digits, "_" or "-".';
// Entries kept per map (keepBounded).
const MAX_ENTRIES = 100;

export type Beacon = ReturnType<typeof createBeacon>;

/**
 * Requests that page script cannot read (images, frames, other sites' navigations) are proven on the server side:
 * the server remembers the Cookie header each one arrived with, under an id the test chose.
 */
export function createBeacon() {
  const seen = new Map<string, string | null>();
  // Ids the server made for a redirect's target, each standing for the id the redirected request gave.
  const forwarded = new Map<string, string>();

  /** The request's `?id=`; answers 400 itself and returns undefined when invalid. */
  function idOf(req: Request, res: Response): string | undefined {
    const id = req.query.id;
    if (typeof id === 'string' && ID_PATTERN.test(id)) return id;
    res.status(400).type('text').send(ID_RULE);
    return undefined;
  }

  /** Remembers the request under its `?id=` (or the id a forwarded one stands for) and returns the id; answers 400 itself and returns undefined when invalid. */
  function remember(req: Request, res: Response): string | undefined {
    const given = idOf(req, res);
    if (given === undefined) return undefined;
    const id = forwarded.get(given) ?? given;
    keepBounded(seen, id, req.headers.cookie ?? null);
    return id;
  }

  /**
   * A fresh id, made by the server, for the target of a redirect: what the target's request carries is remembered
   * under the `?id=` of the request being redirected. So no text of that request reaches the Location header.
   */
  function forward(req: Request, res: Response): string | undefined {
    const id = idOf(req, res);
    if (id === undefined) return undefined;
    const made = randomUUID();
    keepBounded(forwarded, made, id);
    return made;
  }

  function image(req: Request, res: Response) {
    if (remember(req, res) === undefined) return;
    res.type('gif').send(PIXEL);
  }

  function report(req: Request, res: Response) {
    const id = req.params.id;
    if (typeof id !== 'string' || !seen.has(id)) {
      res.status(404).type('text').send('No beacon request was made with that id.');
      return;
    }
    res.json({ cookieHeader: seen.get(id) });
  }

  return { remember, forward, image, report };
}

/** Keeps the entry, the newest last, and memory bounded whatever clients send: the oldest entry goes first. */
function keepBounded<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > MAX_ENTRIES) map.delete(map.keys().next().value!);
}
