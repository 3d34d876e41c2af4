import type { FastifyReply } from 'fastify';

/**
 * JSON bodies of cached directory results, remembered by the result objects they were made from.
 * The clinicians repository's revision cache hands back the same objects for a repeated query until
 * the directory changes, so a type-ahead answer that is a cache hit need not be serialised again
 * (serialising ten clinicians is ~40 µs, an eighth of the whole answer). Weak keys: when the
 * repository drops a result, its body goes with it; without a cache every result is new and missed.
 */
export function createSerializedBodies() {
  // Kept as UTF-8 bytes: a string body would be measured (Content-Length) and encoded on every send.
  const bodies = new WeakMap<object, WeakMap<object, Buffer>>();
  /** Sends the body serialised with the route's response schema; `parts` identify it (a page, facets). */
  return (reply: FastifyReply, parts: [object, object?], build: () => unknown): FastifyReply => {
    const [first, second = first] = parts;
    let byFirst = bodies.get(first);
    if (!byFirst) {
      byFirst = new WeakMap();
      bodies.set(first, byFirst);
    }
    let body = byFirst.get(second);
    if (body === undefined) {
      // A route with a response schema serialises to a string.
      body = Buffer.from(String(reply.serialize(build())));
      byFirst.set(second, body);
    }
    return reply.type('application/json; charset=utf-8').send(body);
  };
}
