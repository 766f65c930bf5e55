import type { ApiErrorView, AuditEntryPageView, CaioSummaryView, CreateUseCaseRequest, MeView, UseCasePageView, UseCaseView } from '@gennai/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../src/config/app-config';
import { uuidv7 } from '../src/database/uuid-v7';
import { createLogger } from '../src/logging/logger';
import { addDays, QuotaCalendar } from '../src/quotas/quota-calendar';
import { type NewUsageRecord, UsageRecorder } from '../src/usage/usage-recorder.service';
import { ApiClient } from './factories/api-client';
import { usageRecord } from './factories/usage-record';
import { startTestApi, type TestApi } from './support/api-harness';

/** Meeting minutes drafted for staff, nothing confidential, outputs checked: a low-risk use. */
const MINUTES: CreateUseCaseRequest = {
  title: '議事録の要約',
  purpose: '会議の書き起こしから議事録案を作り、担当者が確認してから共有する。',
  audience: 'staff',
  workNature: 'internal_admin',
  confidentialDataInput: false,
  vendorTrainingUse: 'none',
  humanReview: true,
  ownerName: '田中 花子',
};
/** Answers to citizens' enquiries sent without a check by staff: high. */
const ENQUIRIES: CreateUseCaseRequest = {
  ...MINUTES,
  title: '問い合わせへの自動回答',
  purpose: '住民からの問い合わせに、ウェブサイトで生成AIが直接回答する。',
  audience: 'public',
  workNature: 'public_service',
  humanReview: false,
};

const errorFields = (body: ApiErrorView) => body.details?.map((d) => d.field).sort();

describe('the use-case register', () => {
  let api: TestApi;
  let carol: ApiClient; // org_admin, デジタル庁
  let carolEn: ApiClient;
  let dave: ApiClient; // platform_admin
  let erin: ApiClient; // auditor, デジタル庁
  let alice: ApiClient; // user, デジタル庁
  let agency: MeView['organization'];
  let city: MeView['organization'];
  let aliceId: string;
  let bobId: string;

  beforeAll(async () => {
    api = await startTestApi();
    carol = new ApiClient(api.url, 'carol');
    carolEn = new ApiClient(api.url, 'carol', 'en');
    dave = new ApiClient(api.url, 'dave');
    erin = new ApiClient(api.url, 'erin');
    alice = new ApiClient(api.url, 'alice');
    const aliceMe = await alice.json<MeView>('GET', '/api/me');
    const bobMe = await new ApiClient(api.url, 'bob').json<MeView>('GET', '/api/me');
    [agency, city, aliceId, bobId] = [aliceMe.organization, bobMe.organization, aliceMe.id, bobMe.id];
  });
  afterAll(() => api?.close());

  const create = (client: ApiClient, body: CreateUseCaseRequest) => client.json<UseCaseView>('POST', '/api/admin/use-cases', body);
  const patch = (client: ApiClient, id: string, body: object) => client.json<UseCaseView>('PATCH', `/api/admin/use-cases/${id}`, body);
  /** The audit trail of one use case, oldest first, as its organisation's auditor reads it. */
  const trail = async (id: string, auditor = erin) =>
    (await auditor.json<AuditEntryPageView>('GET', `/api/audit/entries?targetType=use_case&targetId=${id}`)).items.reverse();

  it('registers a use case for the administrator’s organisation with the risk the screening rule gives, and audits it', async () => {
    const created = await create(carol, { ...ENQUIRIES, modelIds: ['echo'], ownerUserId: aliceId, ownerContact: 'tanaka@example.go.jp', nextReviewOn: '2027-04-01' });

    expect(created).toMatchObject({
      organizationId: agency.id,
      organizationName: 'デジタル庁',
      title: '問い合わせへの自動回答',
      modelIds: ['echo'],
      computedRiskLevel: 'high',
      riskReasons: ['public_unreviewed', 'policy_or_public_work'],
      riskOverrideLevel: null,
      riskLevel: 'high',
      owner: { userId: aliceId, name: '田中 花子', contact: 'tanaka@example.go.jp' },
      status: 'draft',
      reviewedAt: null,
      nextReviewOn: '2027-04-01',
      retiredAt: null,
    });
    expect(await carol.json<UseCaseView>('GET', `/api/admin/use-cases/${created.id}`)).toEqual(created);
    const [event] = await trail(created.id);
    expect(event).toMatchObject({
      action: 'use_case.created',
      organizationId: agency.id,
      actor: { displayName: 'Carol Tanaka' },
      details: { title: '問い合わせへの自動回答', status: 'draft', computedRiskLevel: 'high', riskLevel: 'high' },
    });
  });

  it('refuses bad input, naming each field, in the caller’s language', async () => {
    const bad = { ...MINUTES, title: '', audience: 'everyone', riskOverrideLevel: 'low', nextReviewOn: '2027-13-01' };
    const ja = await carol.request('POST', '/api/admin/use-cases', bad);
    expect(ja.status).toBe(400);
    const jaBody = (await ja.json()) as ApiErrorView;
    expect(jaBody.message).toBe('入力内容に誤りがあります。');
    expect(errorFields(jaBody)).toEqual(['audience', 'nextReviewOn', 'riskOverrideReason', 'title']);
    expect(jaBody.details).toContainEqual({ field: 'title', message: 'title: 空にできません' });

    const en = (await (await carolEn.request('POST', '/api/admin/use-cases', bad)).json()) as ApiErrorView;
    expect(en.message).toBe('The request has invalid input.');
    expect(en.details).toContainEqual({ field: 'riskOverrideReason', message: 'riskOverrideReason: must not be empty' });
    expect(en.details?.find((d) => d.field === 'audience')?.message).toBe('audience: must be one of: staff, staff_and_partners, public');

    const missing = (await (await carol.request('POST', '/api/admin/use-cases', { title: '名前だけ' })).json()) as ApiErrorView;
    expect(errorFields(missing)).toEqual(['audience', 'confidentialDataInput', 'humanReview', 'ownerName', 'purpose', 'vendorTrainingUse', 'workNature']);
    expect(missing.details).toContainEqual({ field: 'purpose', message: 'purpose: 必須です' });
  });

  it('refuses a model outside the catalogue and an owner from another organisation', async () => {
    const response = await carol.request('POST', '/api/admin/use-cases', { ...MINUTES, modelIds: ['echo', 'no-such-model'], ownerUserId: bobId });
    expect(response.status).toBe(400);
    const body = (await response.json()) as ApiErrorView;
    expect(body.details).toEqual([
      { field: 'modelIds.1', message: 'modelIds.1: 存在しないIDです（no-such-model）' },
      { field: 'ownerUserId', message: `ownerUserId: 存在しないIDです（${bobId}）` },
    ]);
  });

  it('updates only the fields given, recomputes the risk level and audits the previous values', async () => {
    const useCase = await create(carol, ENQUIRIES);
    const updated = await patch(carol, useCase.id, { humanReview: true, title: '問い合わせ回答案の作成' });

    expect(updated).toMatchObject({ title: '問い合わせ回答案の作成', humanReview: true, audience: 'public', computedRiskLevel: 'medium', riskLevel: 'medium', riskReasons: ['public_audience', 'policy_or_public_work'] });
    expect(await patch(carol, useCase.id, { humanReview: true })).toMatchObject({ updatedAt: updated.updatedAt });
    const events = await trail(useCase.id);
    expect(events.map((e) => e.action)).toEqual(['use_case.created', 'use_case.updated']);
    expect(events[1].details).toEqual({
      title: '問い合わせ回答案の作成',
      changes: { title: '問い合わせ回答案の作成', humanReview: true },
      before: { title: '問い合わせへの自動回答', humanReview: false },
      status: 'draft',
      riskLevel: 'medium',
    });
  });

  it('records who approved, and sends an approved use case back to review when what was approved changes', async () => {
    const useCase = await create(carol, { ...MINUTES, status: 'in_review' });
    const approved = await patch(carol, useCase.id, { status: 'approved', nextReviewOn: '2027-03-31' });
    expect(approved).toMatchObject({ status: 'approved', reviewedBy: { displayName: 'Carol Tanaka' }, nextReviewOn: '2027-03-31' });
    expect(approved.reviewedAt).not.toBeNull();

    // A new owner does not change what was approved; a new kind of work does.
    expect(await patch(carol, useCase.id, { ownerName: '鈴木 一郎' })).toMatchObject({ status: 'approved' });
    const changed = await patch(carol, useCase.id, { workNature: 'policy_planning' });
    expect(changed).toMatchObject({ status: 'in_review', riskLevel: 'medium', reviewedAt: approved.reviewedAt });
    expect((await trail(useCase.id)).at(-1)?.details).toMatchObject({ changes: { workNature: 'policy_planning' }, status: 'in_review', approvalWithdrawn: true });
  });

  it('lets a reviewer override the computed level with a reason, and clear it again', async () => {
    const useCase = await create(carol, MINUTES);
    const refused = await carol.request('PATCH', `/api/admin/use-cases/${useCase.id}`, { riskOverrideLevel: 'high' });
    expect(refused.status).toBe(400);
    expect(errorFields((await refused.json()) as ApiErrorView)).toEqual(['riskOverrideReason']);

    const overridden = await patch(carol, useCase.id, { riskOverrideLevel: 'high', riskOverrideReason: '議事録に個人の発言が含まれるため' });
    expect(overridden).toMatchObject({ computedRiskLevel: 'low', riskOverrideLevel: 'high', riskOverrideReason: '議事録に個人の発言が含まれるため', riskLevel: 'high' });
    const cleared = await patch(carol, useCase.id, { riskOverrideLevel: null });
    expect(cleared).toMatchObject({ riskOverrideLevel: null, riskOverrideReason: null, riskLevel: 'low' });
    expect((await trail(useCase.id)).at(-1)?.details).toMatchObject({
      changes: { riskOverrideLevel: null, riskOverrideReason: null },
      before: { riskOverrideLevel: 'high', riskOverrideReason: '議事録に個人の発言が含まれるため' },
    });
  });

  it('retires a use case: kept and readable, refused for any further change, audited', async () => {
    const useCase = await create(carol, MINUTES);
    const retired = await carol.json<UseCaseView>('POST', `/api/admin/use-cases/${useCase.id}/retire`, { reason: '別システムへ移行' });
    expect(retired).toMatchObject({ status: 'retired', retiredReason: '別システムへ移行' });
    expect(retired.retiredAt).not.toBeNull();

    const again = await carol.request('PATCH', `/api/admin/use-cases/${useCase.id}`, { title: '再開' });
    expect(again.status).toBe(409);
    expect(((await again.json()) as ApiErrorView).message).toBe('ユースケース「議事録の要約」は廃止済みのため変更できません。再開する場合は新しく登録してください。');
    expect((await carol.request('POST', `/api/admin/use-cases/${useCase.id}/retire`, {})).status).toBe(409);
    expect((await trail(useCase.id)).at(-1)).toMatchObject({ action: 'use_case.retired', details: { title: '議事録の要約', previousStatus: 'draft', reason: '別システムへ移行' } });
  });

  it('lists by status, effective risk level and words, newest change first; auditors read, other users may not', async () => {
    const page = await erin.json<UseCasePageView>('GET', '/api/admin/use-cases?riskLevel=high&status=draft');
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((u) => u.riskLevel === 'high' && u.status === 'draft' && u.organizationId === agency.id)).toBe(true);
    expect(page.total).toBe(page.items.length);

    const found = await erin.json<UseCasePageView>('GET', `/api/admin/use-cases?q=${encodeURIComponent('書き起こし')}&limit=1`);
    expect(found.items).toHaveLength(1);
    expect(found.total).toBeGreaterThan(1);
    const times = (await erin.json<UseCasePageView>('GET', '/api/admin/use-cases')).items.map((u) => u.updatedAt);
    expect(times).toEqual([...times].sort().reverse());

    expect((await erin.request('POST', '/api/admin/use-cases', MINUTES)).status).toBe(403);
    expect((await alice.request('GET', '/api/admin/use-cases')).status).toBe(403);
    expect((await carol.request('GET', '/api/admin/use-cases?status=gone')).status).toBe(400);
  });

  it('answers 404 for another organisation’s use cases, whatever the operation', async () => {
    const theirs = await create(dave, { ...MINUTES, organizationId: city.id });
    expect(theirs).toMatchObject({ organizationId: city.id, organizationName: '横須賀市' });

    for (const [method, path, body] of [
      ['GET', `/api/admin/use-cases/${theirs.id}`, undefined],
      ['PATCH', `/api/admin/use-cases/${theirs.id}`, { title: '乗っ取り' }],
      ['POST', `/api/admin/use-cases/${theirs.id}/retire`, {}],
      ['GET', `/api/admin/use-cases/${uuidv7()}`, undefined],
      ['GET', '/api/admin/use-cases/not-a-uuid', undefined],
    ] as const) {
      const response = await carol.request(method, path, body);
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(((await response.json()) as ApiErrorView).message).toBe('ユースケースが見つかりません。');
    }
    for (const client of [carol, erin]) {
      const listed = await client.json<UseCasePageView>('GET', '/api/admin/use-cases?limit=500');
      expect(listed.items.map((u) => u.id)).not.toContain(theirs.id);
      expect((await client.request('GET', `/api/admin/use-cases?organizationId=${city.id}`)).status).toBe(404);
    }
    const foreign = await carol.request('POST', '/api/admin/use-cases', { ...MINUTES, organizationId: city.id });
    expect(foreign.status).toBe(404);
    expect(((await foreign.json()) as ApiErrorView).message).toBe('組織が見つかりません。');
    expect((await dave.json<UseCaseView>('GET', `/api/admin/use-cases/${theirs.id}`)).title).toBe('議事録の要約');
  });
});

describe('the CAIO view', () => {
  let api: TestApi;
  let carol: ApiClient;
  let dave: ApiClient;
  let agency: MeView['organization'];
  let city: MeView['organization'];
  const today = new QuotaCalendar('Asia/Tokyo').dateAt(Date.now());
  const from = addDays(today, -6);
  const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

  beforeAll(async () => {
    api = await startTestApi();
    carol = new ApiClient(api.url, 'carol');
    dave = new ApiClient(api.url, 'dave');
    agency = (await new ApiClient(api.url, 'alice').json<MeView>('GET', '/api/me')).organization;
    city = (await new ApiClient(api.url, 'bob').json<MeView>('GET', '/api/me')).organization;

    // Usage: two users of the agency on two models, one user of the city; refused and out-of-range records are not usage.
    const [agencyUser1, agencyUser2, cityUser] = [uuidv7(), uuidv7(), uuidv7()];
    const recorder = new UsageRecorder(api.db, loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://unused', KEYCLOAK_URL: inject('keycloakUrl') }), createLogger('silent'));
    const usage = (organizationId: string, userId: string, overrides: Partial<NewUsageRecord> = {}) => recorder.record(usageRecord({ organizationId, userId, ...overrides }));
    usage(agency.id, agencyUser1, { inputTokens: 100, outputTokens: 200, cost: 1.5 });
    usage(agency.id, agencyUser1, { inputTokens: 10, outputTokens: 20, cost: 0.5 });
    usage(agency.id, agencyUser2, { modelId: 'plamo', inputTokens: 1000, outputTokens: 3000, cost: 0.25, currency: 'USD' });
    usage(agency.id, agencyUser2, { outcome: 'refused', errorCode: 'quota_exceeded', inputTokens: 0, outputTokens: 0, cost: 0 });
    usage(agency.id, uuidv7(), { createdAt: daysAgo(10) });
    usage(city.id, cityUser, { inputTokens: 7, outputTokens: 8, cost: 2 });
    await recorder.flush();

    // PII-guard events as the guard records them, one of them before the range.
    const pii = (organizationId: string, action: string, occurredAt = new Date()) =>
      api.db.query(`INSERT INTO audit_entries (occurred_at, organization_id, action) VALUES ($1, $2, $3)`, [occurredAt, organizationId, action]);
    await pii(agency.id, 'pii.warned');
    await pii(agency.id, 'pii.warned');
    await pii(agency.id, 'pii.masked');
    await pii(agency.id, 'pii.blocked', daysAgo(10));
    await pii(city.id, 'pii.overridden');

    // The register: high-risk ones in draft and approved, a low one in review, a retired high one; the city's is
    // medium by the rule but a reviewer rated it high.
    const create = (client: ApiClient, body: CreateUseCaseRequest) => client.json<UseCaseView>('POST', '/api/admin/use-cases', body);
    await create(carol, ENQUIRIES);
    await create(carol, { ...ENQUIRIES, title: '承認済み', status: 'approved' });
    await create(carol, { ...MINUTES, status: 'in_review' });
    const retired = await create(carol, { ...ENQUIRIES, title: '廃止' });
    await carol.json('POST', `/api/admin/use-cases/${retired.id}/retire`, {});
    await create(dave, { ...MINUTES, organizationId: city.id, audience: 'public', riskOverrideLevel: 'high', riskOverrideReason: '窓口での説明に使うため' });
  });
  afterAll(() => api?.close());

  it('sums each organisation’s usage by model and counts its register and PII events — the numbers seeded', async () => {
    const summary = await dave.json<CaioSummaryView>('GET', `/api/admin/caio/summary?from=${from}&to=${today}`);
    expect(summary).toMatchObject({ from, to: today });
    expect(summary.organizations.map((o) => o.organization.name)).toEqual(['デジタル庁', '横須賀市']);
    const [ours, theirs] = summary.organizations;

    expect(ours).toEqual({
      organization: { id: agency.id, name: 'デジタル庁' },
      activeUsers: 2,
      usage: { requests: 3, inputTokens: 1110, outputTokens: 3220, costs: { JPY: 2, USD: 0.25 } },
      models: [
        { modelId: 'echo', label: 'Echo (test)', requests: 2, inputTokens: 110, outputTokens: 220, costs: { JPY: 2, USD: 0 } },
        { modelId: 'plamo', label: 'plamo', requests: 1, inputTokens: 1000, outputTokens: 3000, costs: { JPY: 0, USD: 0.25 } },
      ],
      useCases: {
        total: 4,
        byStatus: { draft: 1, in_review: 1, approved: 1, retired: 1 },
        byRiskLevel: { high: 2, medium: 0, low: 1 },
        highRiskUnapproved: 1,
      },
      piiEvents: { 'pii.warned': 2, 'pii.masked': 1 },
    });
    expect(theirs).toMatchObject({
      activeUsers: 1,
      usage: { requests: 1, inputTokens: 7, outputTokens: 8, costs: { JPY: 2, USD: 0 } },
      useCases: { total: 1, byRiskLevel: { high: 1, medium: 0, low: 0 }, highRiskUnapproved: 1 },
      piiEvents: { 'pii.overridden': 1 },
    });
  });

  it('shows an organisation administrator their own organisation only', async () => {
    const summary = await carol.json<CaioSummaryView>('GET', `/api/admin/caio/summary?from=${from}&to=${today}`);
    expect(summary.organizations.map((o) => o.organization.id)).toEqual([agency.id]);
    const other = await carol.request('GET', `/api/admin/caio/summary?organizationId=${city.id}`);
    expect(other.status).toBe(404);
    const narrowed = await dave.json<CaioSummaryView>('GET', `/api/admin/caio/summary?organizationId=${city.id}`);
    expect(narrowed.organizations.map((o) => o.organization.name)).toEqual(['横須賀市']);
  });

  it('defaults to the last 30 days and refuses a reversed or over-long range', async () => {
    expect(await dave.json<CaioSummaryView>('GET', '/api/admin/caio/summary')).toMatchObject({ from: addDays(today, -29), to: today });
    expect((await dave.request('GET', `/api/admin/caio/summary?from=${today}&to=${from}`)).status).toBe(400);
    expect((await dave.request('GET', '/api/admin/caio/summary?from=2024-01-01&to=2026-01-01')).status).toBe(400);
    expect((await new ApiClient(api.url, 'alice').request('GET', '/api/admin/caio/summary')).status).toBe(403);
  });
});


