import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { OnApplicationShutdown } from '@nestjs/common';
import {
  DomainError,
  newWebhookSecret,
  type DeleteWebhookEndpointAnswer,
  type WebhookEndpointAnswer,
  type WebhookEndpointWithSecretAnswer,
} from '@remote-ocr/contracts';
import {
  APP_CONFIG,
  assertWebhookUrl,
  parseEndpointSettings,
  type AppConfig,
} from '@remote-ocr/server';
import {
  PostgresWebhookEndpointRepository,
  type WebhookEndpointRecord,
  type WebhookEndpointRepository,
  type WebhookEndpointSettings,
} from '@remote-ocr/storage';
import { randomBytes } from 'node:crypto';

export const DEFAULT_OVERLAP_S = 24 * 3600;
const MAX_OVERLAP_S = 7 * 24 * 3600;

/** An endpoint as the routes show it: never a secret. */
export function endpointView(e: WebhookEndpointRecord): WebhookEndpointAnswer {
  return {
    id: e.id,
    url: e.url,
    client_id: e.clientId,
    events: e.events,
    progress_interval_s: e.progressIntervalS,
    source: e.source,
    disabled_at: e.disabledAt?.toISOString() ?? null,
    disabled_reason: e.disabledReason,
    previous_secret_expires_at: e.previousSecret
      ? (e.previousSecretUntil?.toISOString() ?? null)
      : null,
    created_at: e.createdAt.toISOString(),
    updated_at: e.updatedAt.toISOString(),
  };
}

const notFound = () => new DomainError('not_found', 'Webhook endpoint not found');

function overlapOf(body: unknown): number {
  const value = (body as { overlap_s?: unknown } | null)?.overlap_s;
  if (value === undefined) return DEFAULT_OVERLAP_S;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_OVERLAP_S) {
    throw new DomainError(
      'validation_failed',
      `overlap_s: whole seconds from 0 to ${MAX_OVERLAP_S}`,
    );
  }
  return value;
}

/**
 * Operator webhook endpoints (docs/webhooks.md): CRUD, secret rotation with an overlap, and the
 * `WEBHOOK_ENDPOINTS` entries copied into the table at boot (marked `env`, read-only here).
 * Secrets leave only in the answers of create and rotate-secret. Postgres store only.
 */
@Injectable()
export class WebhookEndpointsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookEndpointsService.name);
  private readonly repository: WebhookEndpointRepository | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const { database } = config;
    this.repository =
      database.kind === 'postgres' ? new PostgresWebhookEndpointRepository(database.url) : null;
  }

  async onApplicationBootstrap(): Promise<void> {
    const endpoints = this.config.webhooks.staticEndpoints;
    if (!this.repository) {
      if (endpoints.length > 0) this.logger.warn('WEBHOOK_ENDPOINTS ignored: needs DATABASE_URL');
      return;
    }
    await this.repository.syncStatic(endpoints);
  }

  async create(body: unknown): Promise<WebhookEndpointWithSecretAnswer> {
    const repository = this.required();
    const settings = await this.checked(parseEndpointSettings(body));
    const secret = newWebhookSecret();
    const id = `ep_${randomBytes(9).toString('base64url')}`;
    const created = await repository.create({ id, secret, source: 'api', ...settings });
    return { ...endpointView(created), secret };
  }

  async list(): Promise<WebhookEndpointAnswer[]> {
    return this.repository ? (await this.repository.list()).map(endpointView) : [];
  }

  async get(id: string): Promise<WebhookEndpointAnswer> {
    return endpointView(await this.find(id));
  }

  async update(id: string, body: unknown): Promise<WebhookEndpointAnswer> {
    const current = this.editable(await this.find(id));
    const settings = parseEndpointSettings(body, current);
    if (settings.url !== current.url) await this.checked(settings);
    const updated = await this.required().update(id, settings);
    if (!updated) throw notFound();
    return endpointView(updated);
  }

  async remove(id: string): Promise<DeleteWebhookEndpointAnswer> {
    this.editable(await this.find(id));
    if (!(await this.required().delete(id))) throw notFound();
    return { ok: true, id };
  }

  async rotateSecret(id: string, body: unknown): Promise<WebhookEndpointWithSecretAnswer> {
    const overlapS = overlapOf(body);
    this.editable(await this.find(id));
    const secret = newWebhookSecret();
    const until = new Date(Date.now() + overlapS * 1000);
    const rotated = await this.required().rotateSecret(id, secret, until);
    if (!rotated) throw notFound();
    return { ...endpointView(rotated), secret };
  }

  /** The SSRF address rule (resolves the host) on top of the syntax checks already done. */
  private async checked(settings: WebhookEndpointSettings): Promise<WebhookEndpointSettings> {
    await assertWebhookUrl(
      settings.url,
      { allowPrivate: this.config.webhooks.allowPrivate },
      'url',
    );
    return settings;
  }

  private async find(id: string): Promise<WebhookEndpointRecord> {
    const found = /^ep_[\w-]{1,60}$/.test(id) ? await this.repository?.get(id) : null;
    if (!found) throw notFound();
    return found;
  }

  private editable(endpoint: WebhookEndpointRecord): WebhookEndpointRecord {
    if (endpoint.source === 'env') {
      throw new DomainError(
        'invalid_state',
        'This endpoint is defined by WEBHOOK_ENDPOINTS; change it there',
      );
    }
    return endpoint;
  }

  private required(): WebhookEndpointRepository {
    if (!this.repository) {
      throw new DomainError(
        'validation_failed',
        'Webhook endpoints need the Postgres job store (DATABASE_URL); this server uses Supabase',
      );
    }
    return this.repository;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.repository?.close();
  }
}
