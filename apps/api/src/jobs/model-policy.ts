import { DomainError } from '@remote-ocr/contracts';
import type { AppConfig } from '@remote-ocr/server';
import type { ModelFields } from './job-forms.dto.js';

const MODEL_FIELDS = ['text_model', 'table_model', 'image_model'] as const;

/**
 * Refuses model names outside OPENROUTER_ALLOWED_MODELS (default: the configured default model
 * only). Every job's model is paid with the operator's key, so a client key must not pick
 * `openai/o1-pro:online`. Checked whatever engine the request names: a draft stored for `local`
 * with a model could otherwise be started on `openrouter` with that model (docs/security.md).
 */
export function checkAllowedModels(config: AppConfig, form: ModelFields): void {
  const allowed = config.engines.openrouter.allowedModels;
  if (allowed === '*') return;
  for (const field of MODEL_FIELDS) {
    const model = form[field];
    if (model && !allowed.includes(model)) {
      throw new DomainError(
        'validation_failed',
        `${field} "${model}" is not allowed on this server; allowed: ${allowed.join(', ')}`,
      );
    }
  }
}
