import fp from 'fastify-plugin';
import secureJson from 'secure-json-parse';
import { AppError, badRequest } from '../../errors.js';

/**
 * How request bodies are read outside the import route (which streams its own types).
 *
 * - JSON is parsed as Fastify does (secure-json-parse: a `__proto__` or `constructor.prototype` key is
 *   refused, since it could alter objects on the server), but the 400 says what was wrong: Fastify's
 *   own message is "not valid JSON" both for a syntax error and for valid JSON with such a key.
 * - Fastify's default text/plain reader is removed: every route here reads JSON, so a JSON body sent
 *   as text/plain (a forgotten header) is a 415 naming the type to send, not a 400 "body must be
 *   object" about a string the caller never meant to send.
 * - JSON is UTF-8 (RFC 8259): a body that is not is refused, where Fastify would read its bytes as
 *   U+FFFD and store "M\uFFFDller", a name nobody finds; a charset other than UTF-8 is a 415.
 */
export default fp(
  async (app) => {
    app.removeContentTypeParser(['application/json', 'text/plain']);
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
      const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(request.headers['content-type'] ?? '')?.[1];
      if (charset && !/^utf-?8$/i.test(charset)) {
        done(
          new AppError(
            415,
            'unsupported_media_type',
            `Content-Type charset ${charset} is not accepted here: send JSON in UTF-8`,
          ),
        );
        return;
      }
      let text: string;
      try {
        text = strictUtf8.decode(body as Buffer);
      } catch {
        done(
          badRequest(
            'invalid_json',
            'The body is not UTF-8, as JSON must be (text from a Windows-1252 or Latin-1 source?): send it encoded as UTF-8',
          ),
        );
        return;
      }
      if (text.trim() === '') {
        done(badRequest('invalid_json', 'The body is empty but Content-Type is application/json'));
        return;
      }
      try {
        done(null, secureJson.parse(text, { protoAction: 'error', constructorAction: 'error' }));
      } catch {
        done(refusedJson(text));
      }
    });
  },
  { name: 'json-body' },
);

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function refusedJson(text: string) {
  try {
    JSON.parse(text);
  } catch (error) {
    // Where, not what: V8's message can quote the body, and messages are logged (bodies stay out of logs).
    const at = /position (\d+)/.exec((error as Error).message)?.[1];
    return badRequest(
      'invalid_json',
      `The body is not valid JSON${at === undefined ? '' : ` (at character ${Number(at) + 1})`}`,
    );
  }
  return badRequest(
    'forbidden_json_key',
    'The body has a "__proto__" or "constructor.prototype" key, which is refused: such keys can alter objects on the server. Remove it.',
  );
}
