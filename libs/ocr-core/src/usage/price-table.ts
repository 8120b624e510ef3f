/**
 * Prices of engine calls (docs/costs.md), keyed by model name (`qwen/qwen3-vl-30b-a3b-instruct`) or
 * by engine name (`datalab`, `local`) for engines priced per page or not at all. All in USD.
 */
export interface Price {
  /** Per prompt (input) token. */
  prompt?: number;
  /** Per completion (output) token. */
  completion?: number;
  /** Per call. */
  request?: number;
  /** Per billed page (Datalab). */
  page?: number;
}

export type PriceTable = Readonly<Record<string, Price>>;

const PRICE_FIELDS = ['prompt', 'completion', 'request', 'page'] as const;

/** A price table that failed validation; `problems` lists every bad entry at once. */
export class PriceTableError extends Error {
  constructor(readonly problems: string[]) {
    super(`Bad price table: ${problems.join('; ')}`);
    this.name = 'PriceTableError';
  }
}

/**
 * Checks a parsed JSON value as a price table: an object of `{key: {prompt?, completion?,
 * request?, page?}}` with finite, non-negative numbers (numeric strings, as OpenRouter writes
 * them, are accepted).
 * @throws PriceTableError naming every bad entry
 */
export function parsePriceTable(value: unknown): PriceTable {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new PriceTableError([
      'expected a JSON object of {"<model or engine>": {prompt, completion, request, page}}',
    ]);
  const problems: string[] = [];
  const table: Record<string, Price> = {};
  for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push(`"${key}" must be an object`);
      continue;
    }
    table[key] = priceOf(key, entry as Record<string, unknown>, problems);
  }
  if (problems.length > 0) throw new PriceTableError(problems);
  return table;
}

function priceOf(key: string, entry: Record<string, unknown>, problems: string[]): Price {
  const price: Price = {};
  for (const [field, raw] of Object.entries(entry)) {
    if (!(PRICE_FIELDS as readonly string[]).includes(field)) {
      problems.push(`"${key}.${field}" is not a price field (${PRICE_FIELDS.join(', ')})`);
      continue;
    }
    const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) {
      problems.push(`"${key}.${field}" must be a non-negative number`);
      continue;
    }
    price[field as keyof Price] = n;
  }
  return price;
}

/** The price of a call: the model's entry, else the engine's, else none (unknown cost). */
export function priceFor(
  table: PriceTable,
  engine: string,
  model: string | null | undefined,
): Price | undefined {
  return (model ? table[model] : undefined) ?? table[engine];
}

/** Tokens and pages of one call, as measured or estimated. */
export interface UsageAmounts {
  inputTokens: number;
  outputTokens: number;
  pages?: number;
}

/** Cost of a call at `price`; undefined when nothing is priced. */
export function costOf(price: Price | undefined, usage: UsageAmounts): number | undefined {
  if (!price) return undefined;
  return (
    (price.prompt ?? 0) * usage.inputTokens +
    (price.completion ?? 0) * usage.outputTokens +
    (price.request ?? 0) +
    (price.page ?? 0) * (usage.pages ?? 0)
  );
}
