import type { CallUsage } from '@remote-ocr/ocr-core';
import { Counter, type Registry } from 'prom-client';

/**
 * Usage counters (docs/costs.md) on the worker's registry: tokens, cost and pages per engine and
 * model, and cost and tokens per client key. Client ids come from the operator's key list or the
 * jobs' `client_id`, so the label set grows with the clients, not with the jobs.
 */
export class UsageMetrics {
  private readonly tokens: Counter;
  private readonly cost: Counter;
  private readonly pages: Counter;
  private readonly clientCost: Counter;
  private readonly clientTokens: Counter;

  constructor(registry: Registry) {
    const registers = [registry];
    this.tokens = new Counter({
      name: 'remote_ocr_engine_tokens_total',
      help: 'Tokens reported by engines, by engine, model and direction (input/output)',
      labelNames: ['engine', 'model', 'direction'],
      registers,
    });
    this.cost = new Counter({
      name: 'remote_ocr_engine_cost_usd_total',
      help: 'Cost of engine calls in USD (reported or priced), by engine and model',
      labelNames: ['engine', 'model'],
      registers,
    });
    this.pages = new Counter({
      name: 'remote_ocr_engine_pages_billed_total',
      help: 'Pages billed by page-priced engines, by engine and model',
      labelNames: ['engine', 'model'],
      registers,
    });
    this.clientCost = new Counter({
      name: 'remote_ocr_client_cost_usd_total',
      help: 'Cost of engine calls in USD by client',
      labelNames: ['client'],
      registers,
    });
    this.clientTokens = new Counter({
      name: 'remote_ocr_client_tokens_total',
      help: 'Tokens of engine calls by client',
      labelNames: ['client'],
      registers,
    });
  }

  record(clientId: string, call: CallUsage): void {
    const labels = { engine: call.engine, model: call.model ?? '' };
    const input = call.inputTokens ?? 0;
    const output = call.outputTokens ?? 0;
    this.tokens.inc({ ...labels, direction: 'input' }, input);
    this.tokens.inc({ ...labels, direction: 'output' }, output);
    this.cost.inc(labels, call.costUsd ?? 0);
    this.pages.inc(labels, call.pagesBilled ?? 0);
    this.clientCost.inc({ client: clientId }, call.costUsd ?? 0);
    this.clientTokens.inc({ client: clientId }, input + output);
  }
}
