import type { Locale, Role } from '@gennai/contracts';
import type { RouteAccess } from './route-table';

/**
 * What each role is for and how far it reaches. With the route table (read from each handler's @Roles(…)), this is
 * the permission table rendered into docs/operator/permissions{,.en}.md — `npm run docs:permissions` rewrites the
 * pages and a unit test fails when they are out of date.
 */
export const ROLE_CATALOGUE: Record<Role, Record<Locale, { name: string; may: string; scope: string }>> = {
  user: {
    ja: { name: '利用者', may: 'チャット、自分の会話・評価・APIキー・利用上限の確認', scope: '自分のデータのみ' },
    en: { name: 'User', may: 'chat; their own conversations, ratings, API keys and allowance', scope: 'their own data only' },
  },
  org_admin: {
    ja: { name: '組織管理者', may: '組織の設定（既定の機密性・PII方針・保存期間・利用できるモデル）、利用上限、利用状況、所属者の一覧、訴訟ホールド、ユースケース登録簿', scope: '自組織と、その配下に置かれた組織（部署を含む）' },
    en: { name: 'Organisation administrator', may: "their organisation's settings (default class, PII policy, retention, models), quotas, usage, members, legal holds, use-case register", scope: 'their organisation and the organisations placed under it (with their units)' },
  },
  platform_admin: {
    ja: { name: '基盤管理者', may: 'モデルカタログ、組織ツリーの編集、全組織の設定・利用上限・利用状況', scope: 'すべての組織' },
    en: { name: 'Platform administrator', may: "the model catalogue, editing the organisation tree, every organisation's settings, quotas and usage", scope: 'every organisation' },
  },
  evaluator: {
    ja: { name: '評価者', may: '評価データ（いいね・比較・アンケート・集計）の閲覧。会話本文は方針で許可された場合のみ', scope: '組織を横断（評価データのみ）' },
    en: { name: 'Evaluator', may: 'evaluation data (ratings, comparisons, surveys, analytics); conversation text only where policy allows', scope: 'across organisations (evaluation data only)' },
  },
  auditor: {
    ja: { name: '監査担当', may: '監査ログの閲覧・検証・エクスポート、訴訟ホールドとユースケースの閲覧', scope: '自組織と配下の組織（基盤管理者を兼ねる場合はすべて）' },
    en: { name: 'Auditor', may: 'reading, verifying and exporting the audit log; reading legal holds and use cases', scope: 'their organisation and those under it (every organisation when also platform administrator)' },
  },
  vendor: {
    ja: { name: 'ベンダー', may: '自社モデルへのフィードバック（仮名化済み）の取得', scope: '自社モデルのデータのみ' },
    en: { name: 'Vendor', may: 'feedback about their own models, pseudonymised', scope: 'their own models only' },
  },
};

const TEXT = {
  ja: {
    title: '権限表',
    generated: 'このページは `npm run docs:permissions` がコードから生成します（手で編集しないでください）。English: [permissions.en.md](permissions.en.md)',
    roles: 'ロール',
    roleHeader: '| ロール | 名称 | できること | 範囲 |',
    routes: 'APIルートと呼び出せるロール',
    routesIntro:
      'すべてのルートは既定で拒否され、`@Public()` か `@Roles(…)` を宣言したものだけが呼び出せます。範囲外の組織のリソースには 403 ではなく 404 を返します（存在自体を漏らさないため）。「APIキー」は個人APIキーでも呼び出せること（と、キーに必要なスコープ）を示します。',
    routeHeader: '| メソッド | パス | ロール | APIキー |',
    public: '公開（サインイン不要）',
    yes: (scope: string) => `可（スコープ \`${scope}\`）`,
  },
  en: {
    title: 'Permission table',
    generated: 'Generated from the code by `npm run docs:permissions` (do not edit by hand). 日本語: [permissions.md](permissions.md)',
    roles: 'Roles',
    roleHeader: '| Role | Name | May | Scope |',
    routes: 'API routes and the roles that may call them',
    routesIntro:
      'Every route is denied by default; only handlers declaring `@Public()` or `@Roles(…)` can be called. Resources of organisations outside the caller\'s scope answer 404, not 403, so their existence does not leak. "API key" marks routes a personal API key may call too, and the scope the key must hold.',
    routeHeader: '| Method | Path | Roles | API key |',
    public: 'public (no sign-in)',
    yes: (scope: string) => `yes (scope \`${scope}\`)`,
  },
} as const;

/** The permissions page in one language. */
export function renderPermissions(locale: Locale, routes: RouteAccess[]): string {
  const t = TEXT[locale];
  const roles = (Object.keys(ROLE_CATALOGUE) as Role[]).map((role) => {
    const r = ROLE_CATALOGUE[role][locale];
    return `| \`${role}\` | ${r.name} | ${r.may} | ${r.scope} |`;
  });
  const rows = routes.map(
    (route) =>
      `| ${route.method} | \`${route.path}\` | ${route.isPublic ? t.public : route.roles.map((role) => `\`${role}\``).join(', ')} | ${route.apiKey ? t.yes(route.apiKey) : ''} |`,
  );
  return [
    `# ${t.title}`,
    '',
    `> ${t.generated}`,
    '',
    `## ${t.roles}`,
    '',
    t.roleHeader,
    '|---|---|---|---|',
    ...roles,
    '',
    `## ${t.routes}`,
    '',
    t.routesIntro,
    '',
    t.routeHeader,
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
