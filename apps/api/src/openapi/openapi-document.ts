import { type INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { PROBLEM_BASE_URI } from '../problems/problem-type.js';

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;
type Parameter = Extract<NonNullable<Operation['parameters']>[number], { in: string }>;

const problemRef = { $ref: '#/components/schemas/ProblemDto' };

/** The OpenAPI 3.1 document, generated from the controllers and DTOs. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Lockstep API')
    .setDescription(
      [
        'Multi-property access management for keypad smart locks.',
        '',
        '- Authenticate with `Authorization: Bearer <session token or API key>`, or the `lockstep_session`',
        '  cookie from `POST /v1/auth/login`; cookie-authenticated unsafe requests also send `X-CSRF-Token`.',
        '- Users in several organizations pick one with the `Lockstep-Organization` header (id or slug).',
        '- Lists are cursor-paginated (`limit`, `cursor` → `nextCursor`).',
        '- POST honours `Idempotency-Key`; PATCH requires `If-Match` with the ETag (the `version`).',
        `- Errors are RFC 9457 problem documents; \`type\` is one of ${PROBLEM_BASE_URI}<name>.`,
      ].join('\n'),
    )
    .setVersion('1')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      description: 'Session token (lss_…) or API key (lsk_…)',
    })
    .addCookieAuth('lockstep_session')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controllerKey, methodKey) =>
      `${lowerFirst(controllerKey.replace(/Controller$/, ''))}_${methodKey}`,
  });
  return withConventions(document);
}

/** Adds what the conventions imply for every operation, so controllers need not repeat it. */
function withConventions(document: OpenAPIObject): OpenAPIObject {
  for (const pathItem of Object.values(document.paths)) {
    for (const method of ['get', 'post', 'patch', 'delete', 'put'] as const) {
      const operation = pathItem[method];
      if (!operation) continue;
      const isPublic = (operation as unknown as Record<string, unknown>)['x-lockstep-access'] === 'public';
      const parameters = (operation.parameters ??= []) as Parameter[];
      if (method === 'post' && !isPublic) {
        parameters.push({
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description: 'A retry with the same key and body returns the first response (kept 24 h).',
          schema: { type: 'string', maxLength: 255 },
        });
      }
      if (method === 'patch') {
        parameters.push({
          name: 'If-Match',
          in: 'header',
          required: true,
          description: 'The ETag (version) you read; a stale one answers 412.',
          schema: { type: 'string', example: '"3"' },
        });
        operation.responses['412'] ??= { description: 'The resource changed since you read it.' };
        operation.responses['428'] ??= { description: 'If-Match is missing.' };
      }
      if (operation.requestBody || parameters.length > 0) {
        operation.responses['400'] ??= { description: 'Invalid input; `errors` names each field.' };
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400 || !response || !('description' in response)) continue;
        response.content = { 'application/problem+json': { schema: problemRef } };
      }
    }
  }
  return document;
}

function lowerFirst(value: string): string {
  return value.charAt(0).toLowerCase() + value.slice(1);
}
