import type { ApiErrorView, ArenaStreamEvent, BattleView, LeaderboardView, ModelView } from '@gennai/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDevOrganizations } from '../src/dev-identity/dev-organizations.seed';
import { DEMO_MODEL_VENDOR } from '../src/gateway/catalog/demo-models';
import { ApiClient } from './factories/api-client';
import { startTestApi, type TestApi } from './support/api-harness';
import { readEvents } from './support/sse';

/**
 * What `npm start` adds on its embedded defaults (no real model configured): comparisons between the two offline demo
 * models, shown as demos wherever their names appear, and the demo vendor's organisation linked to their vendor.
 * tools/dev/start.int-spec.ts checks the same through `npm start` itself, signed in with the development provider.
 */
const NO_REAL_MODEL = { GENNAI_MODELS: '[]', GENNAI_DEMO_MODEL: 'true', GENNAI_RATE_LIMIT_PER_MINUTE: '1000' };
const LABELS = ['オフライン練習用モデル', 'オフライン練習用モデル・簡潔版'];

async function battle(client: ApiClient): Promise<{ response: Response; events: ArenaStreamEvent[] }> {
  const response = await client.request('POST', '/api/arena/battles', { prompt: '来週の会議の議事録を要約して', informationClass: 2 });
  return { response, events: response.ok ? await readEvents<ArenaStreamEvent>(response) : [] };
}

describe('npm start defaults', () => {
  describe('with the demo models admitted to comparisons (GENNAI_ARENA_DEMO_MODELS=true)', () => {
    let api: TestApi;
    let alice: ApiClient;
    beforeAll(async () => {
      api = await startTestApi({ ...NO_REAL_MODEL, GENNAI_ARENA_DEMO_MODELS: 'true' });
      alice = new ApiClient(api.url, 'alice');
    });
    afterAll(() => api?.close());

    it('offers two demo models with different answers, both marked as demos', async () => {
      const models = await alice.json<ModelView[]>('GET', '/api/models');
      expect(models.map((model) => [model.id, model.label, model.demo])).toEqual([
        ['demo', LABELS[0], true],
        ['demo-brief', LABELS[1], true],
      ]);
    });

    it('compares them blind, names them once voted, and ranks them on the leaderboard labelled as demos', async () => {
      const { response, events } = await battle(alice);
      expect(response.status).toBe(200);
      const done = events.at(-1);
      expect(done).toMatchObject({ event: 'done', data: { battle: { status: 'awaiting_vote', answers: { a: { model: null }, b: { model: null } } } } });
      const shown = (done as Extract<ArenaStreamEvent, { event: 'done' }>).data.battle;
      // Two answer styles: the comparison has something to tell apart.
      expect(shown.answers.a.content).not.toBe(shown.answers.b.content);

      const voted = await alice.json<BattleView>('POST', `/api/arena/battles/${shown.id}/vote`, { winner: 'a' });
      expect([voted.answers.a.model?.label, voted.answers.b.model?.label].sort()).toEqual(LABELS.map((label) => `${label}（デモ）`).sort());

      const board = await alice.json<LeaderboardView>('GET', '/api/evaluation/leaderboard');
      expect(board.entries.map((entry) => entry.label).sort()).toEqual(LABELS.map((label) => `${label}（デモ）`).sort());
      expect(board.totals.votes).toBe(1);
    });
  });

  describe('without it (the default, and the only choice in production)', () => {
    let api: TestApi;
    let alice: ApiClient;
    beforeAll(async () => {
      api = await startTestApi(NO_REAL_MODEL);
      alice = new ApiClient(api.url, 'alice');
    });
    afterAll(() => api?.close());

    it('keeps the one demo model out of comparisons: with no real model there is nothing to compare', async () => {
      expect((await alice.json<ModelView[]>('GET', '/api/models')).map((model) => model.id)).toEqual(['demo']);
      const { response } = await battle(alice);
      expect(response.status).toBe(409);
      expect(((await response.json()) as ApiErrorView).code).toBe('arena_not_enough_models');
      expect(await api.db.query(`SELECT id FROM battles`)).toEqual([]);
    });

    it('seeds the demo vendor’s organisation linked to the demo models’ vendor once, and keeps an administrator’s change', async () => {
      const vendorOf = async () => ((await api.db.query(`SELECT vendor FROM organizations WHERE slug = 'demo-vendor'`)) as { vendor: string | null }[]).map((row) => row.vendor);
      expect(await seedDevOrganizations(api.db, 2)).toEqual(['demo-vendor']);
      expect(await vendorOf()).toEqual([DEMO_MODEL_VENDOR]);
      // Every restart seeds again: nothing changes, and a link a platform_admin removed stays removed.
      expect(await seedDevOrganizations(api.db, 2)).toEqual([]);
      await api.db.query(`UPDATE organizations SET vendor = NULL WHERE slug = 'demo-vendor'`);
      expect(await seedDevOrganizations(api.db, 2)).toEqual([]);
      expect(await vendorOf()).toEqual([null]);
    });
  });
});
