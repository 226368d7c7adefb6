/** `GET /docs`: the OpenAPI document as one readable HTML page, rendered on the server (no scripts, no CDN). */
type Json = Record<string, unknown>;

const escapeHtml = (text: unknown) =>
  String(text ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** `code` spans for backticks in descriptions. */
const prose = (text: unknown) => escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');

function schemaText(schema: Json | undefined): string {
  if (!schema) return '';
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : (schema.type as string | undefined);
  const parts = [type ?? 'any'];
  if (Array.isArray(schema.enum)) parts.push(`one of ${schema.enum.join(', ')}`);
  if (schema.pattern) parts.push(`pattern ${schema.pattern as string}`);
  if (schema.minimum !== undefined) parts.push(`≥ ${schema.minimum as number}`);
  if (schema.maximum !== undefined && (schema.maximum as number) < Number.MAX_SAFE_INTEGER)
    parts.push(`≤ ${schema.maximum as number}`);
  if (schema.maxLength !== undefined) parts.push(`at most ${schema.maxLength as number} characters`);
  if (schema.default !== undefined) parts.push(`default ${JSON.stringify(schema.default)}`);
  return parts.join(', ');
}

const componentName = (ref: unknown) => String(ref).replace('#/components/schemas/', '');
const schemaLink = (ref: unknown) =>
  `<a href="#schema-${escapeHtml(componentName(ref))}">${escapeHtml(componentName(ref))}</a>`;

/** A property's type in a few words (HTML): references link to their schema. */
function typeHtml(schema: Json | undefined): string {
  if (!schema) return 'any';
  if (schema.$ref) return schemaLink(schema.$ref);
  const variants = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (variants) return variants.map((v) => typeHtml(v)).join(' | ');
  if (schema.type === 'array') return `array of ${typeHtml(schema.items as Json | undefined)}`;
  if (Array.isArray(schema.enum)) return `one of ${escapeHtml((schema.enum as unknown[]).join(', '))}`;
  if (schema.type === 'object' && !schema.properties) return 'object';
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : ((schema.type as string | undefined) ?? 'any');
  return escapeHtml(schema.format ? `${type} (${schema.format as string})` : type);
}

/** An object schema as a table of its properties (required ones marked *). */
function propertiesHtml(schema: Json): string {
  const required = (schema.required as string[] | undefined) ?? [];
  const rows = Object.entries((schema.properties as Record<string, Json>) ?? {}).map(
    ([name, s]) =>
      `<tr><td><code>${escapeHtml(name)}</code>${required.includes(name) ? ' *' : ''}</td><td>${typeHtml(s)}</td><td>${prose(s.description)}</td></tr>`,
  );
  return `<table><thead><tr><th>field</th><th>type</th><th>description</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

/** What a response's body is: a schema link, or the fields of an object given in place. */
function responseBodyHtml(content: Record<string, Json> | undefined): string {
  return Object.entries(content ?? {})
    .map(([type, media]) => {
      const schema = media.schema as Json | undefined;
      if (schema?.properties)
        return `<details><summary>${escapeHtml(type)}</summary>${propertiesHtml(schema)}</details>`;
      return `${escapeHtml(type)}: ${typeHtml(schema)}${schema?.description && !schema.$ref ? ` (${prose(schema.description)})` : ''}`;
    })
    .join('; ');
}

function operationHtml(path: string, method: string, op: Json): string {
  const id = `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, '-');
  const params = (op.parameters as Json[] | undefined) ?? [];
  const body = ((op.requestBody as Json | undefined)?.content as Json | undefined)?.['application/json'] as
    Json | undefined;
  const bodySchema = body?.schema as Json | undefined;
  const responses = Object.entries((op.responses as Record<string, Json>) ?? {});
  return `<section id="${id}">
<h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code>${(op.security as unknown[] | undefined)?.length ? ' <span class="auth">token</span>' : ''}</h3>
<p><strong>${escapeHtml(op.summary)}</strong>${op.description ? `. ${prose(op.description)}` : ''}</p>
${
  params.length
    ? `<table><thead><tr><th>parameter</th><th>in</th><th>schema</th><th>description</th></tr></thead><tbody>
${params.map((p) => `<tr><td><code>${escapeHtml(p.name)}</code>${p.required ? ' *' : ''}</td><td>${escapeHtml(p.in)}</td><td>${escapeHtml(schemaText(p.schema as Json))}</td><td>${prose(p.description)}</td></tr>`).join('\n')}
</tbody></table>`
    : ''
}
${
  bodySchema
    ? `<table><thead><tr><th>body field</th><th>schema</th><th>description</th></tr></thead><tbody>
${Object.entries((bodySchema.properties as Record<string, Json>) ?? {})
  .map(
    ([name, s]) =>
      `<tr><td><code>${escapeHtml(name)}</code>${((bodySchema.required as string[]) ?? []).includes(name) ? ' *' : ''}</td><td>${escapeHtml(schemaText(s))}</td><td>${prose(s.description)}</td></tr>`,
  )
  .join('\n')}
</tbody></table>`
    : ''
}
<ul class="responses">${responses.map(([status, r]) => `<li><code>${escapeHtml(status)}</code> ${prose(r.description)} — ${responseBodyHtml(r.content as Record<string, Json>)}</li>`).join('')}</ul>
</section>`;
}

export function renderDocsPage(document: Json): string {
  const info = document.info as Json;
  const paths = Object.entries(document.paths as Record<string, Record<string, Json>>);
  const toc = paths
    .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => [path, method, op] as const))
    .map(
      ([path, method, op]) =>
        `<li><a href="#${`${method}-${path}`.replace(/[^A-Za-z0-9]+/g, '-')}"><code>${method.toUpperCase()} ${escapeHtml(path)}</code></a> ${escapeHtml(op.summary)}</li>`,
    )
    .join('\n');
  const sections = paths
    .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => operationHtml(path, method, op)))
    .join('\n');
  const schemas = Object.entries(((document.components as Json | undefined)?.schemas as Record<string, Json>) ?? {})
    .map(
      ([name, schema]) =>
        `<section id="schema-${escapeHtml(name)}"><h3>${escapeHtml(name)}</h3>${schema.properties ? propertiesHtml(schema) : `<p>${typeHtml(schema)}</p>`}</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(info.title)} ${escapeHtml(info.version)}</title>
<style>
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1f2328;background:#fff}
h1{font-size:1.6rem}h3{font-size:1.05rem;margin:2rem 0 .3rem}code{font:13px ui-monospace,SFMono-Regular,Menlo,monospace;background:#f0f2f4;padding:.05rem .3rem;border-radius:4px}
table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:14px}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f6f8fa}
.method{display:inline-block;min-width:3.5rem;text-align:center;color:#fff;border-radius:4px;font-size:13px;padding:.05rem .4rem}.get{background:#0969da}.post{background:#1a7f37}
.auth{font-size:12px;background:#fff8c5;border:1px solid #d4a72c;border-radius:4px;padding:0 .3rem}.responses{margin:.3rem 0 0;padding-left:1.2rem}
section{border-top:1px solid #d0d7de}@media (max-width:40rem){table{font-size:12px}}
</style></head><body>
<h1>${escapeHtml(info.title)} <small>${escapeHtml(info.version)}</small></h1>
<p>${prose(info.description)}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI ${escapeHtml(document.openapi)}). Parameters marked * are required.</p>
<h2>Routes</h2>
<ul>${toc}</ul>
${sections}
<h2>Schemas</h2>
<p>Every field of every answer; * marks a field that is always present (its value may still be null where the type says so).</p>
${schemas}
</body></html>
`;
}
