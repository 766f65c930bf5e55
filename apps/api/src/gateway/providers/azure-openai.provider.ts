import { z } from 'zod';
import { SseModelClient } from './http-stream';
import { chatCompletionBody, readCompletionEvent } from './openai-compatible.provider';
import type { ProviderAdapter } from './provider-adapter';
import { baseUrlOf } from './upstream-call';

/** The GA version of the Azure OpenAI data-plane API the adapter is tested against. */
export const AZURE_DEFAULT_API_VERSION = '2024-10-21';

const settingsSchema = z.strictObject({
  /** `api-version` query parameter of the deployments API. */
  apiVersion: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}(-preview)?$/, 'e.g. 2024-10-21')
    .optional(),
  /** `deployments` (default): the model is the deployment name in the URL; `v1`: the v1 API with `model` in the body. */
  apiStyle: z.enum(['deployments', 'v1']).optional(),
});

/**
 * Azure OpenAI and Azure AI Foundry (OpenAI models, tsuzumi 2 and other Foundry models). `baseUrl` is the resource
 * endpoint, `https://<resource>.openai.azure.com` (or `….cognitiveservices.azure.com`, `….services.ai.azure.com`);
 * the key goes in the `api-key` header. The stream is OpenAI's, plus a first chunk with empty `choices` that carries
 * the prompt's filter results, and `finish_reason: "content_filter"` when the output filter stops the answer: the
 * answer then ends with what was written (see UpstreamCall.finish).
 *   deployments: POST {baseUrl}/openai/deployments/{upstreamModel}/chat/completions?api-version={apiVersion}
 *   v1:          POST {baseUrl}/openai/v1/chat/completions, `model: upstreamModel`
 * Token limits go out as `max_completion_tokens` (OpenAI's reasoning models refuse `max_tokens`).
 */
export const azureOpenAiAdapter: ProviderAdapter = {
  type: 'azure-openai',
  label: { ja: 'Azure OpenAI・Azure AI Foundry', en: 'Azure OpenAI / Azure AI Foundry' },
  requiresBaseUrl: true,
  settingsSchema,
  create(target, timeouts) {
    const settings = settingsSchema.parse(target.settings);
    const baseUrl = baseUrlOf(target.baseUrl);
    const v1 = settings.apiStyle === 'v1';
    const url = v1
      ? `${baseUrl}/openai/v1/chat/completions`
      : `${baseUrl}/openai/deployments/${encodeURIComponent(target.upstreamModel)}/chat/completions?api-version=${encodeURIComponent(settings.apiVersion ?? AZURE_DEFAULT_API_VERSION)}`;
    const headers: Record<string, string> = target.credential ? { 'api-key': target.credential } : {};
    return new SseModelClient(
      {
        request: (request) => ({
          url,
          headers,
          body: chatCompletionBody(request, { model: v1 ? target.upstreamModel : undefined, maxTokensField: 'max_completion_tokens' }),
        }),
        read: readCompletionEvent,
      },
      timeouts,
      [target.credential],
    );
  },
};
