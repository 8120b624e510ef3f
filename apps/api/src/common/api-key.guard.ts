import {
  CanActivate,
  ExecutionContext,
  Inject,
  Injectable,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { APP_CONFIG, authenticate, type AppConfig, type Principal } from '@remote-ocr/server';
import type { Request } from 'express';

export const PUBLIC_ROUTE = 'remote-ocr:public';
/** Marks a route that answers without `X-API-Key` (liveness, signed downloads). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

export const OPERATOR_ROUTE = 'remote-ocr:operator';
/** Marks a route for the operator key only (server-wide data such as metrics): clients get 401. */
export const OperatorOnly = (): MethodDecorator & ClassDecorator =>
  SetMetadata(OPERATOR_ROUTE, true);

export const INVALID_KEY = 'Invalid or missing X-API-Key';

export type AuthedRequest = Request & { principal?: Principal };

/** Global guard: every route needs a valid `X-API-Key` when keys are configured. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const principal = authenticate(this.config, req.header('x-api-key'));
    if (!principal) throw new UnauthorizedException({ detail: INVALID_KEY, code: 'unauthorized' });
    const operatorOnly = this.reflector.getAllAndOverride<boolean>(OPERATOR_ROUTE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (operatorOnly && principal.kind !== 'operator') {
      throw new UnauthorizedException({ detail: INVALID_KEY, code: 'unauthorized' });
    }
    req.principal = principal;
    return true;
  }
}
