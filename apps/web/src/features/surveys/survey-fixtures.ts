import type { EvaluationOrganizationView, SurveyView } from '@gennai/contracts';

// Surveys and organisations the survey pages' specs share (test data only; not part of the app).

export const text = (ja: string, en: string) => ({ ja, en });

export const ORGANIZATIONS: EvaluationOrganizationView[] = [
  { id: '0193a000-0000-7000-8000-0000000000a1', slug: 'kanagawa', name: '神奈川県', parentId: null },
  { id: '0193a000-0000-7000-8000-0000000000a2', slug: 'yokosuka-city', name: '横須賀市', parentId: '0193a000-0000-7000-8000-0000000000a1' },
  { id: '0193a000-0000-7000-8000-0000000000a3', slug: 'digital', name: 'デジタル庁', parentId: null },
];

export function survey(overrides: Partial<SurveyView> & Pick<SurveyView, 'id'>): SurveyView {
  return {
    title: text('生成AIの利用満足度調査', 'Satisfaction survey'),
    description: text('5分ほどで終わります。', 'About five minutes.'),
    questions: [
      { id: 'q1', kind: 'likert5', text: text('業務に役立っていますか', 'Does it help?'), options: [], required: true },
      { id: 'q2', kind: 'single', text: text('主な用途', 'Main use'), options: [{ id: 'o1', text: text('文書作成', 'Drafting') }, { id: 'o2', text: text('要約', 'Summaries') }], required: true },
    ],
    targetOrganizationIds: [],
    targetRoles: [],
    opensAt: '2099-04-01T00:00:00.000Z',
    closesAt: '2099-04-30T15:00:00.000Z',
    status: 'draft',
    publishedAt: null,
    closedAt: null,
    createdAt: '2099-03-01T00:00:00.000Z',
    updatedAt: '2099-03-01T00:00:00.000Z',
    responseCount: 0,
    ...overrides,
  };
}

export const DRAFT = survey({ id: '0193a000-0000-7000-8000-0000000005d1', title: text('窓口業務の調査', 'Counter survey') });
export const OPEN = survey({ id: '0193a000-0000-7000-8000-0000000005d2', status: 'published', publishedAt: '2099-03-02T00:00:00.000Z', responseCount: 1234 });
export const CLOSED = survey({ id: '0193a000-0000-7000-8000-0000000005d3', title: text('前年度の調査', 'Last year'), status: 'closed', closedAt: '2099-03-03T00:00:00.000Z', responseCount: 42 });
