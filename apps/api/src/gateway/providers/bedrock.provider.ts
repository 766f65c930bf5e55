import {
  BedrockRuntimeClient,
  ConverseStreamCommand,
  type BedrockRuntimeClientConfig,
  type ConverseStreamCommandInput,
  type ConverseStreamOutput,
  type Message,
} from '@aws-sdk/client-bedrock-runtime';
import { z } from 'zod';
import type { ChatChunk, ChatRequest, ModelClient, UpstreamTimeouts } from '../model-client';
import type { UpstreamErrorCode } from '../upstream.error';
import type { DeploymentTarget, ProviderAdapter } from './provider-adapter';
import { baseUrlOf, describeEndpoint, generationOptions, type StreamStep, UpstreamCall } from './upstream-call';

const settingsSchema = z.strictObject({
  /** AWS region of the model, e.g. `ap-northeast-1` (Tokyo) or `us-east-1`. */
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'an AWS region, e.g. ap-northeast-1'),
});

const keysSchema = z.strictObject({
  accessKeyId: z.string().min(16),
  secretAccessKey: z.string().min(1),
  sessionToken: z.string().min(1).optional(),
});

/** Bedrock's exceptions by name: what they mean for the gateway. Unknown names fall back to the HTTP status. */
const EXCEPTIONS: Record<string, { code: UpstreamErrorCode; retryable: boolean }> = {
  ThrottlingException: { code: 'upstream_rate_limited', retryable: true },
  ServiceQuotaExceededException: { code: 'upstream_rate_limited', retryable: true },
  ModelTimeoutException: { code: 'upstream_timeout', retryable: true },
  ServiceUnavailableException: { code: 'upstream_unavailable', retryable: true },
  InternalServerException: { code: 'upstream_unavailable', retryable: true },
  ModelNotReadyException: { code: 'upstream_unavailable', retryable: true },
  ModelErrorException: { code: 'upstream_unavailable', retryable: true },
  ModelStreamErrorException: { code: 'upstream_unavailable', retryable: true },
  ValidationException: { code: 'upstream_unavailable', retryable: false },
  AccessDeniedException: { code: 'upstream_unavailable', retryable: false },
  ResourceNotFoundException: { code: 'upstream_unavailable', retryable: false },
  UnrecognizedClientException: { code: 'upstream_unavailable', retryable: false },
  InvalidSignatureException: { code: 'upstream_unavailable', retryable: false },
  ExpiredTokenException: { code: 'upstream_unavailable', retryable: false },
  ConflictException: { code: 'upstream_unavailable', retryable: false },
};

/**
 * Amazon Bedrock's Converse API (ConverseStream) through the AWS SDK, which signs with SigV4 and speaks HTTP/2 and
 * the binary event stream. Claude, Amazon Nova and the other Converse models all go this way.
 * - settings `region` (required); `baseUrl` optional: an endpoint override (a VPC endpoint, or a test server).
 * - credential: JSON `{"accessKeyId","secretAccessKey","sessionToken"?}`; a Bedrock API key (sent as a bearer
 *   token); or none, for the SDK's default chain (IRSA / EKS Pod Identity, instance role, AWS_* variables).
 * - System turns → `system` blocks; consecutive turns of one role are merged (Converse requires alternation);
 *   options → `inferenceConfig` (maxTokens, temperature, topP, stopSequences).
 * The SDK makes one attempt (`maxAttempts: 1`: the gateway's router retries); our timers abort it through
 * `abortSignal`. A `content_filtered` or `guardrail_intervened` stop counts as the content filter.
 */
export const bedrockAdapter: ProviderAdapter = {
  type: 'bedrock',
  label: { ja: 'Amazon Bedrock（Converse API）', en: 'Amazon Bedrock (Converse API)' },
  requiresBaseUrl: false,
  settingsSchema,
  create(target, timeouts) {
    const { region } = settingsSchema.parse(target.settings);
    const endpoint = target.baseUrl === null ? undefined : baseUrlOf(target.baseUrl);
    const { auth, secrets } = authOf(target.credential);
    const client = new BedrockRuntimeClient({
      region,
      endpoint,
      maxAttempts: 1,
      // The SDK's HTTP/2 handler; one session per event stream (its default), an idle backstop at the total timeout.
      requestHandler: { disableConcurrentStreams: true, requestTimeout: timeouts.totalMs },
      ...auth,
    });
    const url = `${endpoint ?? `https://bedrock-runtime.${region}.amazonaws.com`}/model/${encodeURIComponent(target.upstreamModel)}/converse-stream`;
    return new BedrockModelClient(client, target, timeouts, describeEndpoint(url), secrets);
  },
};

class BedrockModelClient implements ModelClient {
  constructor(
    private readonly client: BedrockRuntimeClient,
    private readonly target: DeploymentTarget,
    private readonly timeouts: UpstreamTimeouts,
    private readonly endpoint: string,
    private readonly secrets: string[],
  ) {}

  async *streamChat(request: ChatRequest): AsyncIterable<ChatChunk> {
    const call = new UpstreamCall(this.endpoint, this.secrets, this.timeouts, request.signal);
    try {
      const output = await this.client.send(new ConverseStreamCommand(converseInput(this.target.upstreamModel, request)), {
        abortSignal: call.signal,
      });
      call.connected();
      if (!output.stream) throw call.badResponse('the answer has no event stream');
      for await (const event of output.stream) {
        const delta = call.take(converseStep(event, call));
        if (delta) yield delta;
      }
      yield* call.finish();
    } catch (error) {
      throw call.fail(sdkError(error, call));
    } finally {
      call.close();
    }
  }
}

/** The ConverseStream request for a chat request. */
export function converseInput(modelId: string, request: ChatRequest): ConverseStreamCommandInput {
  const system = request.messages.filter((turn) => turn.role === 'system').map((turn) => ({ text: turn.content }));
  const messages: Message[] = [];
  for (const turn of request.messages) {
    if (turn.role === 'system') continue;
    const previous = messages.at(-1);
    if (previous?.role === turn.role) previous.content?.push({ text: turn.content });
    else messages.push({ role: turn.role, content: [{ text: turn.content }] });
  }
  const inferenceConfig = generationOptions(request, { maxOutputTokens: 'maxTokens', temperature: 'temperature', topP: 'topP', stop: 'stopSequences' });
  return {
    modelId,
    messages,
    ...(system.length ? { system } : {}),
    ...(Object.keys(inferenceConfig).length ? { inferenceConfig } : {}),
  };
}

function converseStep(event: ConverseStreamOutput, call: UpstreamCall): StreamStep | undefined {
  if (event.contentBlockDelta) {
    const delta = event.contentBlockDelta.delta;
    return delta?.text !== undefined ? { text: delta.text } : { progressed: true }; // reasoning, tool input
  }
  if (event.messageStop) {
    const reason = event.messageStop.stopReason;
    return { finished: true, filtered: reason === 'content_filtered' || reason === 'guardrail_intervened' ? reason : undefined };
  }
  if (event.metadata) return { inputTokens: event.metadata.usage?.inputTokens, outputTokens: event.metadata.usage?.outputTokens };
  // The SDK throws modelled stream exceptions itself; a member that still arrives as data is one too.
  const exception = Object.entries(event).find(([key, value]) => key.endsWith('Exception') && value);
  if (exception) throw sdkError(Object.assign(new Error(String((exception[1] as { message?: unknown }).message ?? '')), { name: upperFirst(exception[0]) }), call);
  return undefined; // messageStart, contentBlockStart/Stop, events added later
}

/** An SDK or stream exception as an UpstreamError; anything else (network, abort) is left to UpstreamCall.fail. */
function sdkError(error: unknown, call: UpstreamCall): unknown {
  if (!(error instanceof Error) || call.signal.aborted) return error;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const detail = `${error.name}: ${error.message}`;
  const known = EXCEPTIONS[error.name];
  if (known) {
    return call.error(known.code, status ? `answered HTTP ${status}: ${detail}` : `the model stream reported ${detail}`, {
      status,
      retryable: known.retryable,
    });
  }
  if (status && status >= 400) return call.statusError(status, detail);
  return error;
}

/** The SDK's credentials from the provider's credential (never logged; its parts are redacted from messages). */
function authOf(credential: string | undefined): { auth: Partial<BedrockRuntimeClientConfig>; secrets: string[] } {
  if (!credential) return { auth: {}, secrets: [] };
  if (!credential.trim().startsWith('{')) {
    return { auth: { token: { token: credential }, authSchemePreference: ['httpBearerAuth'] }, secrets: [credential] };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(credential);
  } catch {
    parsed = undefined;
  }
  const keys = keysSchema.safeParse(parsed);
  if (!keys.success) {
    throw new Error('the Bedrock credential must be JSON {"accessKeyId","secretAccessKey","sessionToken"?} or a Bedrock API key');
  }
  return { auth: { credentials: keys.data }, secrets: [credential, keys.data.accessKeyId, keys.data.secretAccessKey, keys.data.sessionToken ?? ''] };
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
