/**
 * Usage the fake OpenAI-compatible server reports, shaped like a Qwen-VL model behind OpenRouter:
 * each image costs one prompt token per 28 × 28 px patch, text one token per four UTF-8 bytes, and
 * the cost is the tokens at the model's price (also served at `GET /api/v1/models`).
 */
export interface FakeModelPrice {
  /** USD per token, as strings like OpenRouter's model list. */
  prompt: string;
  completion: string;
}

const FAKE_DEFAULT_PRICE: FakeModelPrice = { prompt: '0.0000002', completion: '0.0000008' };

export const FAKE_MODEL_PRICES: Record<string, FakeModelPrice> = {
  'qwen/qwen3-vl-30b-a3b-instruct': FAKE_DEFAULT_PRICE,
  'qwen/qwen2.5-vl-72b-instruct': { prompt: '0.00000025', completion: '0.00000075' },
  'google/gemini-2.5-flash': { prompt: '0.0000003', completion: '0.0000025' },
};

export interface FakeUsage {
  prompt_tokens: number;
  completion_tokens: number;
  cost?: number;
}

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/** Width and height of a `data:image/png;base64,…` URL, read from the PNG header. */
function pngSizeOf(dataUrl: string): { width: number; height: number } {
  const comma = dataUrl.indexOf(',');
  const head = Buffer.from(dataUrl.slice(comma + 1, comma + 1 + 44), 'base64');
  if (head.length < 24) return { width: 0, height: 0 };
  return { width: head.readUInt32BE(16), height: head.readUInt32BE(20) };
}

export function fakeUsage(
  call: { model: string; system: string; user: string; imageUrls: string[] },
  answer: string,
  prices: Record<string, FakeModelPrice>,
): FakeUsage {
  const image = call.imageUrls
    .map(pngSizeOf)
    .reduce((n, s) => n + Math.ceil(s.width / 28) * Math.ceil(s.height / 28), 0);
  const prompt_tokens = image + Math.ceil(bytes(`${call.system}\n${call.user}`) / 4);
  const completion_tokens = Math.ceil(bytes(answer) / 4);
  const price = prices[call.model] ?? FAKE_DEFAULT_PRICE;
  const cost = prompt_tokens * Number(price.prompt) + completion_tokens * Number(price.completion);
  return { prompt_tokens, completion_tokens, cost };
}

/** `GET /api/v1/models` as OpenRouter answers it (the fields `ops prices fetch` reads). */
export function fakeModelList(prices: Record<string, FakeModelPrice>): unknown {
  return {
    data: Object.entries(prices).map(([id, p]) => ({
      id,
      name: id,
      pricing: { prompt: p.prompt, completion: p.completion, request: '0', image: '0' },
    })),
  };
}
