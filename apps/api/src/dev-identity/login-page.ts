import { displayName, ROLE_LABELS, type DevUser } from './dev-users';

/** Hidden fields every sign-in form posts back (see dev-identity.router.ts). */
export interface SignInFormFields {
  /** The pending authorization request this page answers. */
  request: string;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/**
 * The Content-Security-Policy of these pages: no script at all, inline styles only, and forms
 * may post here and be redirected on to the client (browsers apply form-action to redirects).
 */
export function pageContentSecurityPolicy(formTargets: readonly string[]): string {
  return [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    `form-action 'self' ${formTargets.join(' ')}`.trim(),
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

const STYLE = `
  :root { color-scheme: light; }
  * { box-sizing: border-box; }
  body { margin: 0; font-family: "Noto Sans JP", "Hiragino Sans", "Yu Gothic", sans-serif; font-size: 1rem;
         line-height: 1.7; color: #1a1a1a; background: #f8f8fb; }
  main { max-width: 46rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
  h1 { font-size: 1.75rem; line-height: 1.4; margin: 1rem 0; }
  h2 { font-size: 1.25rem; margin: 2rem 0 0.75rem; padding-bottom: 0.25rem; border-bottom: 2px solid #0017c1; }
  .banner { border: 3px solid #1a1a1a; background: #fff0b3; padding: 0.75rem 1rem; border-radius: 8px; }
  .banner p { margin: 0; }
  .banner .ja { font-weight: 700; font-size: 1.0625rem; }
  ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.75rem; }
  form { margin: 0; }
  button { display: block; width: 100%; min-height: 3.5rem; padding: 0.75rem 1rem; text-align: left; font: inherit;
           color: #1a1a1a; background: #fff; border: 2px solid #0017c1; border-radius: 8px; cursor: pointer; }
  button:hover { background: #e8f1fe; }
  button:focus-visible, a:focus-visible { outline: 4px solid #1a1a1a; outline-offset: 2px; box-shadow: 0 0 0 6px #ffd43d; }
  .name { display: block; font-size: 1.125rem; font-weight: 700; color: #00118f; }
  .meta { display: block; color: #333; font-size: 0.9375rem; }
  .detail { background: #fff; border-left: 6px solid #ce0000; padding: 0.75rem 1rem; }
  a { color: #0017c1; }
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}｜Gennai 開発用認証</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<div class="banner" role="note" aria-label="注意 / Notice">
  <p class="ja">開発用の認証サーバーです。本番環境では使用できません。</p>
  <p lang="en">Development identity provider — not for production use.</p>
</div>
${body}
</main>
</body>
</html>`;
}

function userButton(user: DevUser, action: string, fields: SignInFormFields): string {
  const roles = user.roles.map((role) => `${ROLE_LABELS[role].ja}（${role}）`).join('、');
  return `<li><form method="post" action="${escapeHtml(action)}">
  <input type="hidden" name="request" value="${escapeHtml(fields.request)}">
  <input type="hidden" name="username" value="${escapeHtml(user.username)}">
  <button type="submit"><span class="name">${escapeHtml(displayName(user))}</span>
  <span class="meta">ユーザー名 ${escapeHtml(user.username)} ／ 役割: ${escapeHtml(roles)}</span></button>
</form></li>`;
}

/** Lists the demo users grouped by organisation; each one is a form that signs in as that user. */
export function renderSignInPage(users: readonly DevUser[], action: string, fields: SignInFormFields): string {
  const organizations = new Map<string, { name: string; users: DevUser[] }>();
  for (const user of users) {
    const group = organizations.get(user.organization.slug) ?? { name: user.organization.name, users: [] };
    group.users.push(user);
    organizations.set(user.organization.slug, group);
  }
  const sections = [...organizations.entries()]
    .map(
      ([slug, group]) => `<section aria-labelledby="org-${escapeHtml(slug)}">
<h2 id="org-${escapeHtml(slug)}">${escapeHtml(group.name)} <span lang="en">(${escapeHtml(slug)})</span></h2>
<ul>
${group.users.map((user) => userButton(user, action, fields)).join('\n')}
</ul>
</section>`,
    )
    .join('\n');
  return page(
    'ログインするユーザーを選んでください',
    `<h1>ログインするユーザーを選んでください</h1>
<p>パスワードは不要です。選んだユーザーとして Gennai にログインします。<br><span lang="en">Choose a demo user to sign in as (no password).</span></p>
${sections}`,
  );
}

/** Shown instead of redirecting when the request cannot be trusted (unknown client or redirect URI). */
export function renderErrorPage(title: string, detail: string): string {
  return page(
    title,
    `<h1>${escapeHtml(title)}</h1>
<p class="detail" role="alert">${escapeHtml(detail)}</p>
<p>アプリケーションに戻って、もう一度お試しください。<br><span lang="en">Go back to the application and try again.</span></p>`,
  );
}

export function renderSignedOutPage(): string {
  return page(
    'ログアウトしました',
    `<h1>ログアウトしました</h1>
<p>開発用の認証サーバーからログアウトしました。<br><span lang="en">You have signed out of the development identity provider.</span></p>`,
  );
}
