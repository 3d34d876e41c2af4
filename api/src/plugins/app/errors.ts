import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../../errors.js';

interface ErrorPayload {
  code: string;
  message: string;
  details?: unknown;
}

/** Fastify's own error codes that are the client's fault, mapped to our stable codes. */
const FRAMEWORK_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_content_length',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_BAD_URL: 'bad_url',
  FST_ERR_MAX_PARAM_LENGTH: 'uri_too_long',
};

function toPayload(
  error: FastifyError | AppError | Error,
  request: FastifyRequest,
): { status: number; body: ErrorPayload } {
  if (error instanceof AppError) {
    return {
      status: error.statusCode,
      body: { code: error.code, message: error.message, details: withPaths(error.details, request) },
    };
  }
  const fe = error as FastifyError;
  if (fe.validation) {
    const context = fe.validationContext;
    const details = fe.validation.map((v) => validationDetail(context, v));
    // A value outside a list (a filter's vocabulary, a role) is named with its parameter: a typo in
    // ?specialty= reads `specialty "Cardiology" is not one of the allowed values`.
    const named = details.some((d) => 'value' in d);
    const parts = details.map((d) =>
      'value' in d
        ? `${d.parameter ?? `${context ?? 'request'}${d.path}`} ${JSON.stringify(d.value)} is not one of the allowed values`
        : `${context ?? 'request'}${d.path === '/' ? '' : d.path} ${d.message}`,
    );
    return {
      status: 400,
      body: {
        code: 'validation_failed',
        message: `Invalid ${context ?? 'request'}: ${named ? parts.join(', ') : fe.message}`,
        details,
      },
    };
  }
  const status = fe.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    // JSON.parse errors surface as a SyntaxError with status 400 and no Fastify code.
    const code =
      (fe.code && FRAMEWORK_CODES[fe.code]) ?? (error instanceof SyntaxError ? 'invalid_json' : undefined);
    return { status, body: { code: code ?? httpCode(status), message: fe.message } };
  }
  return {
    status: status >= 500 ? status : 500,
    body: { code: 'internal_error', message: 'Internal server error' },
  };
}

type ValidationIssue = NonNullable<FastifyError['validation']>[number];

/** Longest refused value quoted back. */
const MAX_QUOTED = 100;

/**
 * One failed rule of a request's validation. `parameter`: the query parameter, path parameter or header
 * it is about (the first step of its path). `value`: the value refused, for a value outside an enum
 * (Ajv's `verbose` option gives it as `data`).
 */
function validationDetail(context: string | undefined, v: ValidationIssue) {
  const path = v.instancePath || '/';
  const steps = pointerSteps(v.instancePath);
  const parameter = context === 'body' ? undefined : steps[0];
  const data = (v as { data?: unknown }).data;
  // Only a parameter's value (a filter typo) is quoted: the message is logged, and what a request body
  // carries stays out of the logs.
  const quotable =
    context !== 'body' &&
    v.keyword === 'enum' &&
    (typeof data === 'number' ||
      typeof data === 'boolean' ||
      (typeof data === 'string' && data.length <= MAX_QUOTED));
  // The property at fault (the missing or unexpected one, else the one the path ends at), named as
  // rule errors name it (withPaths): `invitees[0].email`.
  const named = (v.params as { missingProperty?: string; additionalProperty?: string }) ?? {};
  const leaf = named.missingProperty ?? named.additionalProperty;
  const field = parameter ?? fieldName(leaf === undefined ? steps : [...steps, leaf]);
  return {
    in: context,
    path,
    ...(field ? { field } : {}),
    code: v.keyword,
    ...(parameter === undefined ? {} : { parameter }),
    ...(quotable ? { value: data } : {}),
    message: v.message,
    params: v.params,
  };
}

/** The steps of a JSON pointer ("/invitees/0/email"), unescaped (RFC 6901). */
const pointerSteps = (pointer: string): string[] =>
  pointer
    .split('/')
    .slice(1)
    .map((step) => step.replaceAll('~1', '/').replaceAll('~0', '~'));

/** A JSON pointer to the steps given, escaped (RFC 6901). */
const pointerTo = (steps: readonly string[]): string =>
  `/${steps.map((step) => step.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;

/** A property path in the notation of rule errors: dotted, array items indexed (`invitees[0].email`). */
function fieldName(steps: readonly string[]): string | undefined {
  let field = '';
  for (const step of steps) field += /^\d+$/.test(step) ? `[${step}]` : field ? `.${step}` : step;
  return field || undefined;
}

/** The steps of a field named by fieldName (`invitees[0].email`: invitees, 0, email). */
const fieldSteps = (field: string): string[] => field.split(/[.[\]]+/).filter(Boolean);

/**
 * A rule's field errors ({field, code, message}: a phone that is not a number, an e-mail taken) get
 * the `in` and `path` of a schema's (validationDetail), so a client reads one shape for both kinds of
 * 4xx. `field` is a property name, dotted or indexed for nested ones (`proposedWindows[0]`).
 */
function withPaths(details: unknown, request: FastifyRequest): unknown {
  if (!Array.isArray(details)) return details;
  return details.map((d: unknown) => {
    if (
      typeof d !== 'object' ||
      d === null ||
      'path' in d ||
      typeof (d as { field?: unknown }).field !== 'string'
    ) {
      return d;
    }
    const field = (d as { field: string }).field;
    const steps = fieldSteps(field);
    const top = steps[0] ?? field;
    const where = (part: unknown) => typeof part === 'object' && part !== null && Object.hasOwn(part, top);
    const at = where(request.body)
      ? 'body'
      : where(request.query)
        ? 'querystring'
        : where(request.params)
          ? 'params'
          : typeof request.body === 'object' && request.body !== null
            ? 'body' // a field the body leaves as it is, which the rule found wrong with the rest
            : undefined;
    return { ...(at ? { in: at } : {}), path: pointerTo(steps), ...d };
  });
}

/**
 * Why a body was refused before its route ran: the type sent, and the ones the route reads (its
 * OpenAPI `consumes`, else JSON). Fastify's own message, "Unsupported Media Type", says neither.
 */
function mediaTypeRefused(request: FastifyRequest): string {
  const consumes = (request.routeOptions.schema as { consumes?: string[] } | undefined)?.consumes;
  const sent = (request.headers['content-type'] ?? '').split(';')[0]!.trim().slice(0, 100) || 'none';
  return `Content-Type ${sent} is not accepted here: send ${(consumes ?? ['application/json']).join(', ')}`;
}

const httpCode = (status: number): string =>
  ({
    400: 'bad_request',
    401: 'unauthenticated',
    403: 'forbidden',
    404: 'not_found',
    405: 'method_not_allowed',
    409: 'conflict',
    412: 'precondition_failed',
    413: 'payload_too_large',
    415: 'unsupported_media_type',
    422: 'unprocessable',
    429: 'rate_limited',
  })[status] ?? 'client_error';

export function sendError(reply: FastifyReply, request: FastifyRequest, status: number, body: ErrorPayload) {
  return reply
    .code(status)
    .type('application/json')
    .send({ error: { ...body, requestId: request.id } });
}

/**
 * One error handler for the whole API: uniform bodies, and a 5xx never leaks internals. Also answers
 * the errors Fastify raises before any route or hook runs (a bad percent-encoding in the path; the
 * `frameworkErrors` server option in app.ts).
 */
export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const { status, body } = toPayload(error, request);
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') body.message = mediaTypeRefused(request);
  if (status >= 500) {
    request.log.error({ err: error, method: request.method, url: request.url }, 'request failed');
  } else {
    request.log.info({ code: body.code, method: request.method, url: request.url }, body.message);
  }
  return sendError(reply, request, status, body);
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * The methods a concrete path has routes for, through Fastify's own router. OPTIONS is left out: when
 * CORS is configured, it has a route for it on every path.
 */
function allowedMethods(app: FastifyInstance, path: string): string[] {
  return METHODS.filter((method) => app.findRoute({ method, url: path }) !== null);
}

export default fp(
  async (app) => {
    app.setErrorHandler(handleError);

    app.setNotFoundHandler((request, reply) => {
      const path = request.url.split('?')[0]!;
      const allowed = allowedMethods(request.server, path);
      // OPTIONS asks what the path answers (RFC 9110 §9.3.7): no CORS route took it, so say so here.
      if (allowed.length && request.method === 'OPTIONS') {
        return reply
          .header('allow', [...allowed, 'OPTIONS'].join(', '))
          .code(204)
          .send();
      }
      // A route that answers this method can still find nothing (a static file that is not there).
      if (allowed.length && !allowed.includes(request.method)) {
        // The path exists, the method does not (RFC 9110 §15.5.6): say which methods it answers.
        return sendError(reply.header('allow', allowed.join(', ')), request, 405, {
          code: 'method_not_allowed',
          message: `${request.method} is not answered at ${path}: use ${allowed.join(', ')}`,
        });
      }
      return sendError(reply, request, 404, {
        code: 'not_found',
        message: `No route ${request.method} ${path}`,
      });
    });
  },
  { name: 'errors' },
);
