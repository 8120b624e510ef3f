import { readFile } from 'node:fs/promises';
import path from 'node:path';

export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
}

export interface JobFields {
  client_id: string;
  document_id: string;
  document_name: string;
  task_name?: string;
  engine?: string;
  text_model?: string;
  table_model?: string;
  image_model?: string;
  callback_url?: string;
}

/** An HTTP client speaking to the api the way the desktop client does. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly apiKey?: string,
  ) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return this.apiKey ? { 'X-API-Key': this.apiKey, ...extra } : extra;
  }

  async request<T = any>(
    method: string,
    route: string,
    body?: FormData | URLSearchParams,
  ): Promise<ApiAnswer<T>> {
    const res = await fetch(`${this.baseUrl}${route}`, { method, headers: this.headers(), body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed as T };
  }

  async createJob(fields: JobFields, pdfPath: string, blocks: unknown): Promise<ApiAnswer<any>> {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) form.set(k, v);
    form.set(
      'pdf',
      new Blob([await readFile(pdfPath)], { type: 'application/pdf' }),
      path.basename(pdfPath),
    );
    const json = typeof blocks === 'string' ? blocks : JSON.stringify(blocks);
    form.set('blocks_file', new Blob([json], { type: 'application/json' }), 'blocks.json');
    return this.request('POST', '/jobs', form);
  }

  async createDraft(
    fields: JobFields,
    pdfPath: string,
    annotation: unknown,
  ): Promise<ApiAnswer<any>> {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) form.set(k, v);
    form.set('annotation_json', JSON.stringify(annotation));
    form.set(
      'pdf',
      new Blob([await readFile(pdfPath)], { type: 'application/pdf' }),
      path.basename(pdfPath),
    );
    return this.request('POST', '/jobs/draft', form);
  }

  restart(id: string, blocks?: unknown): Promise<ApiAnswer<any>> {
    const form = new FormData();
    if (blocks !== undefined)
      form.set(
        'blocks_file',
        new Blob([JSON.stringify(blocks)], { type: 'application/json' }),
        'blocks.json',
      );
    return this.request('POST', `/jobs/${id}/restart`, form);
  }

  form(fields: Record<string, string>): URLSearchParams {
    return new URLSearchParams(fields);
  }
}
