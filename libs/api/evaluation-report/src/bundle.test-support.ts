import { SeededRandom } from '@gennai/arena-stats';
import { DEFAULT_BUNDLE_SETTINGS, type BundleSettings, type RatingRecord, type VoteRecord } from './bundle-format';
import { BundleWriter, type BundleHeader } from './bundle-writer';

export const FIXTURE_MODELS = ['model-a', 'model-b', 'model-c'];

export function fixtureHeader(overrides: Partial<BundleHeader> = {}, settings: Partial<BundleSettings> = {}): BundleHeader {
  return {
    period: { from: '2026-04-01', to: '2026-06-30', time_zone: 'Asia/Tokyo' },
    models: FIXTURE_MODELS,
    generated_at: '2026-07-01T00:00:00.000Z',
    generator: 'fixture',
    settings: { ...DEFAULT_BUNDLE_SETTINGS, bootstrap_rounds: 50, style_bootstrap_rounds: 50, ...settings },
    labels: {
      models: { 'model-a': 'モデルA', 'model-b': 'モデルB', 'model-c': 'モデルC' },
      categories: { summarization: { ja: '要約', en: 'Summarization' }, translation: { ja: '翻訳', en: 'Translation' } },
      tags: { accurate: { ja: '正確', en: 'Accurate' }, slow: { ja: '遅い', en: 'Slow' } },
      apps: { chat: { ja: 'チャット', en: 'Chat' }, arena: { ja: '比較', en: 'Compare' } },
    },
    ...overrides,
  };
}

/**
 * A small, complete bundle: votes in which model-a is strongest, ratings, one survey with every question kind (one
 * question answered by too few people to show), usage and active users.
 */
export function fixtureWriter(seed = 7): BundleWriter {
  const random = new SeededRandom(seed);
  const writer = new BundleWriter();
  const strength: Record<string, number> = { 'model-a': 2, 'model-b': 1, 'model-c': 0 };
  const categories = ['summarization', 'translation', null];
  for (let v = 0; v < 300; v++) {
    const [first, second] = pickPair(random);
    const p = 1 / (1 + Math.exp(strength[second] - strength[first]));
    const r = random.next();
    const winner: VoteRecord['winner'] = r < 0.08 ? 'tie' : r < 0.1 ? 'both_bad' : random.next() < p ? 'a' : 'b';
    writer.add('vote', {
      model_a: first,
      model_b: second,
      winner,
      category: categories[v % 3],
      app: 'arena',
      day: `2026-05-${String(1 + (v % 28)).padStart(2, '0')}`,
      length_a: 100 + Math.floor(random.next() * 900),
      length_b: 100 + Math.floor(random.next() * 900),
      markdown_a: Math.floor(random.next() * 6),
      markdown_b: Math.floor(random.next() * 6),
    });
  }
  for (let i = 0; i < 200; i++) {
    const model = FIXTURE_MODELS[i % 3];
    const value: RatingRecord['value'] = random.next() < 0.8 - 0.2 * (i % 3) ? 'like' : 'dislike';
    writer.add('rating', { model, value, tags: value === 'like' ? ['accurate'] : ['slow'], category: categories[i % 3], app: 'chat', day: '2026-05-02' });
  }
  writer.add('survey', {
    survey: 'survey-1',
    title: { ja: '満足度調査', en: 'Satisfaction survey' },
    questions: [
      { id: 'q1', kind: 'likert5', text: { ja: '業務に役立ちましたか', en: 'Was it useful for your work?' }, options: [] },
      { id: 'q2', kind: 'single', text: { ja: '主な用途', en: 'Main use' }, options: [{ id: 'draft', text: { ja: '文書作成', en: 'Drafting' } }, { id: 'search', text: { ja: '調査', en: 'Research' } }] },
      { id: 'q3', kind: 'multiple', text: { ja: '使った機能', en: 'Features used' }, options: [{ id: 'chat', text: { ja: 'チャット', en: 'Chat' } }, { id: 'arena', text: { ja: '比較', en: 'Compare' } }] },
      { id: 'q4', kind: 'text', text: { ja: 'ご意見', en: 'Comments' }, options: [] },
      { id: 'q5', kind: 'single', text: { ja: '少数の設問', en: 'Rarely answered' }, options: [{ id: 'x', text: { ja: 'X', en: 'X' } }] },
    ],
  });
  for (let i = 0; i < 12; i++) {
    writer.add('survey_response', {
      survey: 'survey-1',
      models_used: i % 2 ? ['model-a'] : ['model-a', 'model-b'],
      answers: { q1: 1 + (i % 5), q2: i % 3 ? 'draft' : 'search', q3: i % 2 ? ['chat', 'arena'] : ['chat'], ...(i < 3 ? { q5: 'x' } : {}) },
      text_answered: i % 2 ? [] : ['q4'],
    });
  }
  for (const model of FIXTURE_MODELS) {
    writer.add('usage', {
      day: '2026-05-01',
      model,
      app: 'chat',
      category: 'summarization',
      requests: 100,
      errors: model === 'model-c' ? 5 : 0,
      input_tokens: 10_000,
      output_tokens: 20_000,
      cost: 12.345678,
      currency: 'JPY',
      latency_ms_sum: 150_000,
      latency_buckets: [10, 20, 30, 30, 5, 5, 0, 0, 0, 0],
    });
    writer.add('active_users', { model, users: 7 });
  }
  writer.add('active_users', { model: null, users: 15 });
  return writer;
}

export function fixtureBundleText(seed = 7, header = fixtureHeader()): string {
  return fixtureWriter(seed).toText(header);
}

function pickPair(random: SeededRandom): [string, string] {
  const i = Math.floor(random.next() * 3);
  const j = (i + 1 + Math.floor(random.next() * 2)) % 3;
  return [FIXTURE_MODELS[i], FIXTURE_MODELS[j]];
}
