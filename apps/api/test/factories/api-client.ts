import type { ConversationSummaryView } from '@gennai/contracts';
import { tokenFor } from '../support/tokens';
import type { TestUserName } from '../support/test-users';

/** Calls the API as a signed-in test user. The one way tests create data: through the API itself. */
export class ApiClient {
  private token?: string;

  constructor(
    private readonly baseUrl: string,
    private readonly user: TestUserName,
    private readonly locale = 'ja',
  ) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    this.token ??= await tokenFor(this.user);
    return fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${this.token}`,
        'Accept-Language': this.locale,
        ...(body !== undefined && { 'Content-Type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.request(method, path, body);
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  createConversation(modelId = 'echo'): Promise<ConversationSummaryView> {
    return this.json('POST', '/api/conversations', { modelId });
  }
}
