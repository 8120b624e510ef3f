import type { Kysely } from 'kysely';
import type { Database } from '../postgres/db-schema.js';
import { isJobId } from '../rows/row-mappers.js';
import {
  LEDGER_COLUMNS,
  sumUsageRows,
  usageRow,
  type UsageEntry,
  type UsageRepository,
  type UsageTotals,
} from './usage.repository.js';
import { openKysely } from '../postgres/open-kysely.js';

type UsageTables = Pick<Database, 'engine_usage' | 'job_budgets'>;

/**
 * The usage ledger and job budgets on Postgres (and the embedded PGlite, which speaks the same
 * wire protocol). Its own small pool, like the webhook tables, so JobStore stays as it is.
 */
export class PostgresUsageRepository implements UsageRepository {
  private readonly db: Kysely<UsageTables>;

  constructor(connectionString: string) {
    this.db = openKysely<UsageTables>(connectionString, { max: 3 });
  }

  async record(e: UsageEntry): Promise<void> {
    await this.db.insertInto('engine_usage').values(usageRow(e)).execute();
  }

  async jobTotals(jobId: string): Promise<UsageTotals[]> {
    if (!isJobId(jobId)) return [];
    const rows = await this.db
      .selectFrom('engine_usage')
      .select(LEDGER_COLUMNS)
      .where('job_id', '=', jobId)
      .orderBy('id')
      .execute();
    return sumUsageRows(rows);
  }

  async clientSpentSince(clientId: string, since: Date): Promise<number> {
    const row = await this.db
      .selectFrom('engine_usage')
      .select((eb) => eb.fn.sum<number | string | null>('cost_usd').as('spent'))
      .where('client_id', '=', clientId)
      .where('created_at', '>=', since)
      .executeTakeFirst();
    return Number(row?.spent ?? 0);
  }

  async setMaxCost(jobId: string, maxCost: number | null): Promise<void> {
    if (maxCost === null) {
      await this.db.deleteFrom('job_budgets').where('job_id', '=', jobId).execute();
      return;
    }
    await this.db
      .insertInto('job_budgets')
      .values({ job_id: jobId, max_cost: maxCost })
      .onConflict((oc) =>
        oc.column('job_id').doUpdateSet({ max_cost: maxCost, updated_at: new Date() }),
      )
      .execute();
  }

  async getMaxCost(jobId: string): Promise<number | null> {
    if (!isJobId(jobId)) return null;
    const row = await this.db
      .selectFrom('job_budgets')
      .select('max_cost')
      .where('job_id', '=', jobId)
      .executeTakeFirst();
    return row ? Number(row.max_cost) : null;
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
