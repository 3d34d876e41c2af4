/**
 * Cisco's OpenAPI description of the Webex Meetings API, used by the fake to judge every request
 * the provider sends (body against the operation's request schema, declared media type, query
 * parameters) and every answer the fake gives (against the operation's response schema).
 *
 * The description lives outside the repo (../shared/specs/webex-meeting.json, CC BY 4.0, not to be
 * copied in); without it `loadWebexContract` says why and the fake falls back to its own checks.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';

export const WEBEX_SPEC_PATH = fileURLToPath(
  new URL('../../../../shared/specs/webex-meeting.json', import.meta.url),
);

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: { type?: string; enum?: unknown[] };
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema?: unknown }> };
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

type Spec = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
};

export interface WebexContract {
  source: string;
  /** Problems with a request to `method path` (spec path template, e.g. /meetings/{meetingId}). */
  checkRequest(
    method: string,
    template: string,
    req: { contentType?: string | undefined; body?: unknown; query: URLSearchParams },
  ): string[];
  checkResponse(method: string, template: string, status: number, body: unknown): string[];
}

export function loadWebexContract(): WebexContract | { missing: string } {
  if (!existsSync(WEBEX_SPEC_PATH)) {
    return { missing: `Webex OpenAPI description not found at ${WEBEX_SPEC_PATH}` };
  }
  const spec = JSON.parse(readFileSync(WEBEX_SPEC_PATH, 'utf8')) as Spec;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ components: spec.components }, 'webex');
  const compiled = new Map<string, ValidateFunction>();
  const validator = (schema: unknown): ValidateFunction => {
    const key = JSON.stringify(schema);
    let fn = compiled.get(key);
    if (!fn) {
      // Re-anchor the description's local refs on the registered document.
      const anchored = JSON.parse(key.replaceAll('"#/components/', '"webex#/components/')) as object;
      fn = ajv.compile(anchored);
      compiled.set(key, fn);
    }
    return fn;
  };
  const errorsOf = (fn: ValidateFunction) =>
    (fn.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim());
  const operation = (method: string, template: string) => {
    const op = spec.paths[template]?.[method.toLowerCase()];
    if (!op) throw new Error(`no operation ${method} ${template} in the Webex description`);
    return op;
  };
  const resolve = (schema: unknown): { properties?: Record<string, unknown> } | undefined => {
    const ref = (schema as { $ref?: string })?.$ref;
    if (!ref) return schema as { properties?: Record<string, unknown> };
    return spec.components.schemas[ref.split('/').pop() ?? ''];
  };

  return {
    source: WEBEX_SPEC_PATH,
    checkRequest(method, template, req) {
      const op = operation(method, template);
      const problems: string[] = [];
      for (const p of op.parameters ?? []) {
        if (p.in !== 'query') continue;
        const raw = req.query.get(p.name);
        if (raw === null) {
          if (p.required) problems.push(`query ${p.name} is required`);
          continue;
        }
        const type = p.schema?.type;
        if (type === 'boolean' && raw !== 'true' && raw !== 'false')
          problems.push(`query ${p.name} must be boolean`);
        if ((type === 'integer' || type === 'number') && !/^-?\d+(\.\d+)?$/.test(raw))
          problems.push(`query ${p.name} must be a number`);
        if (p.schema?.enum && !p.schema.enum.includes(raw))
          problems.push(`query ${p.name} is not one of the enum`);
      }
      const declared = new Set((op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name));
      for (const name of req.query.keys()) {
        if (!declared.has(name)) problems.push(`query ${name} is not a parameter of this operation`);
      }
      if (op.requestBody) {
        const mediaType = req.contentType?.split(';')[0]?.trim() ?? '';
        const content = op.requestBody.content[mediaType];
        if (!content) {
          problems.push(
            `content-type "${mediaType}" is not declared (expected ${Object.keys(op.requestBody.content).join(', ')})`,
          );
        } else if (content.schema) {
          const fn = validator(content.schema);
          if (!fn(req.body)) problems.push(...errorsOf(fn));
          // Stricter than the description: a property it does not define is a typo on our side.
          const known = resolve(content.schema)?.properties;
          if (known && req.body && typeof req.body === 'object') {
            for (const k of Object.keys(req.body)) {
              if (!(k in known)) problems.push(`body property "${k}" is not defined by the operation`);
            }
          }
        }
      } else if (req.body !== undefined) {
        problems.push('this operation takes no body');
      }
      return problems;
    },
    checkResponse(method, template, status, body) {
      const op = operation(method, template);
      const r = op.responses[String(status)];
      if (!r) return [`status ${status} is not documented for ${method} ${template}`];
      const schema = Object.values(r.content ?? {})[0]?.schema;
      if (!schema) return [];
      const fn = validator(schema);
      return fn(body) ? [] : errorsOf(fn);
    },
  };
}
