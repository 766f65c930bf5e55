import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi } from '../../testing/fake-api';
import { mountWithApp, signedInAs } from '../../testing/mount-app';
import EvaluationNav from './EvaluationNav.vue';

describe('EvaluationNav', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('links the evaluation pages that exist and that the user may open, marking the current one', async () => {
    fakeApi({});
    const { wrapper } = await mountWithApp(EvaluationNav, { path: '/evaluation/leaderboard', me: signedInAs(['user']) });
    const links = wrapper.findAll('a');
    // A plain user: the ranking only (the other pages declare evaluator/admin roles in the router).
    expect(links.map((link) => link.text())).toEqual(['比較ランキング']);
    expect(links[0].attributes('aria-current')).toBe('page');
    expect(wrapper.find('nav').attributes('aria-label')).toBe('評価メニュー');
  });

  it('shows an evaluator the pages their role opens, the ranking first', async () => {
    fakeApi({});
    const { wrapper } = await mountWithApp(EvaluationNav, { path: '/evaluation/leaderboard', me: signedInAs(['user', 'evaluator']) });
    const links = wrapper.findAll('a').map((link) => link.attributes('data-testid'));
    expect(links[0]).toBe('evaluation-nav-evaluation-leaderboard');
    // 利用分析 is in the router for evaluators; pages not yet in the router are simply not linked.
    expect(links).toContain('evaluation-nav-evaluation-analytics');
  });
});
