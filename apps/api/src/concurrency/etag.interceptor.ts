import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { type FastifyReply } from 'fastify';
import { type Observable, tap } from 'rxjs';
import { etagOf } from './if-match.js';

/** Sets `ETag` on every single-resource response that carries a `version`. */
@Injectable()
export class ETagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      tap((body) => {
        if (
          typeof body === 'object' &&
          body !== null &&
          typeof (body as { version?: unknown }).version === 'number'
        ) {
          void context
            .switchToHttp()
            .getResponse<FastifyReply>()
            .header('etag', etagOf((body as { version: number }).version));
        }
      }),
    );
  }
}
