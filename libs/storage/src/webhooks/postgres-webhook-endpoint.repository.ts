import { sql, type Generated, type Kysely, type Selectable } from 'kysely';
import type {
  NewWebhookEndpoint,
  WebhookEndpointRecord,
  WebhookEndpointRepository,
  WebhookEndpointSettings,
  WebhookEndpointSource,
  WebhookEventType,
} from './webhook-endpoint.repository.js';
import { openKysely } from '../postgres/open-kysely.js';

interface EndpointTable {
  id: string;
  url: string;
  client_id: string | null;
  events: WebhookEventType[];
  progress_interval_s: number;
  secret: string;
  previous_secret: string | null;
  previous_secret_until: Date | null;
  source: WebhookEndpointSource;
  disabled_at: Date | null;
  disabled_reason: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

interface Tables {
  webhook_endpoints: EndpointTable;
  webhook_deliveries: { id: string; body: string; status: string; attempts: number };
}

function toRecord(row: Selectable<EndpointTable>): WebhookEndpointRecord {
  return {
    id: row.id,
    url: row.url,
    clientId: row.client_id,
    events: row.events,
    progressIntervalS: row.progress_interval_s,
    secret: row.secret,
    previousSecret: row.previous_secret,
    previousSecretUntil: row.previous_secret_until,
    source: row.source,
    disabledAt: row.disabled_at,
    disabledReason: row.disabled_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const settingsColumns = (s: WebhookEndpointSettings) => ({
  url: s.url,
  client_id: s.clientId,
  events: s.events,
  progress_interval_s: s.progressIntervalS,
});

/** The endpoint table on Postgres (docs/webhooks.md); a small pool of its own. */
export class PostgresWebhookEndpointRepository implements WebhookEndpointRepository {
  private readonly db: Kysely<Tables>;

  constructor(connectionString: string) {
    this.db = openKysely<Tables>(connectionString, { max: 2 });
  }

  async create(e: NewWebhookEndpoint): Promise<WebhookEndpointRecord> {
    const row = await this.db
      .insertInto('webhook_endpoints')
      .values({
        id: e.id,
        ...settingsColumns(e),
        secret: e.secret,
        previous_secret: null,
        previous_secret_until: null,
        source: e.source,
        disabled_at: null,
        disabled_reason: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  async list(): Promise<WebhookEndpointRecord[]> {
    const rows = await this.db
      .selectFrom('webhook_endpoints')
      .selectAll()
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toRecord);
  }

  async get(id: string): Promise<WebhookEndpointRecord | null> {
    const row = await this.db
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  async update(id: string, s: WebhookEndpointSettings): Promise<WebhookEndpointRecord | null> {
    const row = await this.db
      .updateTable('webhook_endpoints')
      .set((eb) => ({
        ...settingsColumns(s),
        disabled_at: eb.case().when('url', '=', s.url).then(eb.ref('disabled_at')).else(null).end(),
        disabled_reason: eb
          .case()
          .when('url', '=', s.url)
          .then(eb.ref('disabled_reason'))
          .else(null)
          .end(),
      }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('webhook_endpoints')
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async rotateSecret(
    id: string,
    secret: string,
    overlapUntil: Date,
  ): Promise<WebhookEndpointRecord | null> {
    const row = await this.db
      .updateTable('webhook_endpoints')
      .set((eb) => ({
        previous_secret: eb.ref('secret'),
        previous_secret_until: overlapUntil,
        secret,
      }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  async matching(clientId: string, event: WebhookEventType): Promise<WebhookEndpointRecord[]> {
    const rows = await this.db
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('disabled_at', 'is', null)
      .where((eb) => eb.or([eb('client_id', 'is', null), eb('client_id', '=', clientId)]))
      .where(sql<boolean>`${event} = any(events)`)
      .orderBy('id')
      .execute();
    return rows.map(toRecord);
  }

  async disable(id: string, reason: string): Promise<void> {
    await this.db
      .updateTable('webhook_endpoints')
      .set({ disabled_at: new Date(), disabled_reason: reason })
      .where('id', '=', id)
      .where('disabled_at', 'is', null)
      .execute();
  }

  async syncStatic(endpoints: NewWebhookEndpoint[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const ids = endpoints.map((e) => e.id);
      let stale = trx.deleteFrom('webhook_endpoints').where('source', '=', 'env');
      if (ids.length > 0) stale = stale.where('id', 'not in', ids);
      await stale.execute();
      for (const e of endpoints) {
        const columns = { ...settingsColumns(e), secret: e.secret };
        await trx
          .insertInto('webhook_endpoints')
          .values({ id: e.id, ...columns, source: 'env' })
          .onConflict((oc) => oc.column('id').doUpdateSet({ ...columns, source: 'env' }))
          .execute();
      }
    });
  }

  async replacePendingBody(deliveryId: string, body: string): Promise<boolean> {
    const result = await this.db
      .updateTable('webhook_deliveries')
      .set({ body })
      .where('id', '=', deliveryId)
      .where('status', '=', 'pending')
      .where('attempts', '=', 0)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  close(): Promise<void> {
    return this.db.destroy();
  }
}
