import { describe, expect, it } from 'vitest';
import { mountWithApp } from '../../testing/mount-app';
import QuotaStatus from './QuotaStatus.vue';

describe('QuotaStatus', () => {
  it('shows what is left today and this month, and nothing when no limit applies', async () => {
    const { wrapper } = await mountWithApp(QuotaStatus, {
      props: {
        status: {
          rateLimitPerMinute: 60,
          allowances: [
            { scope: 'user', period: 'day', maxRequests: 50, maxTokens: 200000, usedRequests: 8, usedTokens: 80000, remainingRequests: 42, remainingTokens: 120000, resetsAt: '2026-11-29T00:00:00+09:00' },
            { scope: 'organization', period: 'month', maxRequests: null, maxTokens: 9000000, usedRequests: 10, usedTokens: 9000000, remainingRequests: null, remainingTokens: 0, resetsAt: '2026-12-01T00:00:00+09:00' },
          ],
        },
      },
    });
    const items = wrapper.findAll('li').map((li) => li.text());
    expect(items).toEqual(['あなた・今日: 残り 42回 / 120,000トークン', '組織全体・今月: 残り 0トークン（上限に達しました）']);
    expect(wrapper.findAll('li')[1].classes()).toContain('quota-status__empty');

    const none = await mountWithApp(QuotaStatus, { props: { status: { allowances: [], rateLimitPerMinute: null } } });
    expect(none.wrapper.find('[data-testid="quota-status"]').exists()).toBe(false);
  });
});
