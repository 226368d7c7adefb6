/**
 * Every API answer a test receives is checked against the API's own OpenAPI document (ajv, JSON Schema
 * 2020-12, formats checked): its status must be declared for the route, its content type too, and a JSON
 * body must match the declared schema, which allows no undeclared property. Unknown routes and methods
 * must answer with the Error schema. A mismatch throws, naming the request and what did not match.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

type Json = Record<string, unknown>;
// ajv-formats is CommonJS: its default export arrives wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

const DOCUMENT_ID = 'lct-openapi';

interface Operation {
  pattern: RegExp;
  path: string;
  methods: Record<string, Json>;
}

export class ResponseChecker {
  private readonly ajv: Ajv2020;
  private readonly operations: Operation[];
  private readonly compiled = new Map<unknown, ValidateFunction>();
  /** How many answers were checked, by what: a test can show the checks ran. */
  readonly checked = { json: 0, other: 0 };

  constructor(private readonly document: Json) {
    this.ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: DOCUMENT_ID, components: document.components });
    this.operations = Object.entries(document.paths as Record<string, Record<string, Json>>).map(([path, methods]) => ({
      path,
      methods,
      pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}/?$`),
    }));
  }

  private validator(schema: Json): ValidateFunction {
    let validate = this.compiled.get(schema);
    if (!validate) {
      // The document's references are relative to the document: point them at the copy ajv holds.
      const anchored = JSON.parse(
        JSON.stringify(schema).replace(/"#\/components\//g, `"${DOCUMENT_ID}#/components/`),
      ) as Json;
      validate = this.ajv.compile(anchored);
      this.compiled.set(schema, validate);
    }
    return validate;
  }

  private readonly errorSchema: Json = { $ref: '#/components/schemas/Error' };

  /**
   * Checks one answer. `path` is the request path (no query); the dashboard's static files (paths outside
   * the document that are not JSON) are not part of the API and are skipped.
   */
  check(method: string, path: string, status: number, contentType: string | null, text: string): void {
    const what = `${method} ${path} → ${status}`;
    const media = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
    const operation = this.operations.find((o) => o.pattern.test(path));
    const verb = method.toLowerCase() === 'head' ? 'get' : method.toLowerCase();
    const op = operation?.methods[verb];
    let schema: Json | undefined;
    if (!op) {
      // Unknown routes, other methods (405), missing files: the Error shape whenever the answer is JSON.
      if (media !== 'application/json') {
        if (operation) throw new Error(`${what}: a route of the API answered ${media || 'no content type'}`);
        this.checked.other++;
        return;
      }
      schema = this.errorSchema;
    } else {
      const response = (op.responses as Record<string, Json>)[String(status)];
      if (!response)
        throw new Error(`${what}: status ${status} is not declared for ${verb.toUpperCase()} ${operation!.path}`);
      const content = response.content as Record<string, { schema: Json }>;
      if (method.toLowerCase() === 'head' || status === 204) return;
      if (!content[media])
        throw new Error(
          `${what}: ${media || 'no content type'} is not declared (declared: ${Object.keys(content).join(', ')})`,
        );
      if (media !== 'application/json') {
        this.checked.other++;
        return;
      }
      schema = content[media]!.schema;
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`${what}: the body is not JSON: ${text.slice(0, 200)}`);
    }
    const validate = this.validator(schema!);
    if (!validate(body)) {
      const problems = (validate.errors ?? [])
        .slice(0, 5)
        .map((e) => `${e.instancePath || '(body)'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`)
        .join('; ');
      throw new Error(`${what}: the body does not match the declared schema: ${problems}`);
    }
    this.checked.json++;
  }
}
