import type { Request, Response } from 'express';

/** The handler for the other methods of a route: 405 with the methods it allows listed. */
export function methodNotAllowed(allow: string) {
  return (_req: Request, res: Response) => {
    res.status(405).set('Allow', allow).type('text').send('Method not allowed.');
  };
}
