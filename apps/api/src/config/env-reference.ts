import { configSchema } from './app-config';

export interface EnvVariable {
  name: string;
  description: string;
  required: boolean;
  /** The value used when the variable is unset, as it would be written in the environment. */
  default: string | null;
}

/** Every configuration variable, read from the validated schema itself (so docs cannot drift). */
export function envVariables(): EnvVariable[] {
  return Object.entries(configSchema.shape).map(([name, field]) => {
    const parsed = field.safeParse(undefined);
    const value = parsed.success ? parsed.data : undefined;
    return {
      name,
      description: field.description ?? '',
      required: !parsed.success,
      default: value === undefined ? null : typeof value === 'object' ? JSON.stringify(value) : String(value),
    };
  });
}

/** The text of .env.example (checked in; a unit test fails when it differs from the schema). */
export function renderEnvExample(): string {
  const blocks = envVariables().map((v) => {
    const note = v.required ? ' (required)' : '';
    const line = v.default !== null ? `# ${v.name}=${v.default}` : v.required ? `${v.name}=` : `# ${v.name}=`;
    return `# ${v.description}${note}\n${line}`;
  });
  return `# Gennai API configuration. Generated from apps/api/src/config/app-config.ts:\n# regenerate with \`npx nx run api:env-example\` after changing the schema.\n# npm start sets DATABASE_URL, GENNAI_DEV_IDENTITY and GENNAI_WEB_DIST for you.\n\n${blocks.join('\n\n')}\n`;
}

/** docs/operator/configuration-reference.md (checked in; a unit test fails when it differs from the schema). */
export function renderConfigurationReference(): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const rows = envVariables().map(
    (v) => `| \`${v.name}\` | ${v.default === null ? '—' : `\`${cell(v.default)}\``} | ${v.required ? '必須 required' : ''} | ${cell(v.description)} |`,
  );
  return [
    '# 設定リファレンス / Configuration reference',
    '',
    'API の環境変数の一覧です。`apps/api/src/config/app-config.ts` のスキーマから生成されます（`npx nx run api:env-example`）。',
    '起動時にすべて検証され、誤りがあれば誤った変数をすべて挙げて終了します（終了コード 78）。',
    '',
    'Every environment variable of the API, generated from the schema in `apps/api/src/config/app-config.ts`',
    '(`npx nx run api:env-example`). All are validated at boot; a bad value stops the process with one message naming',
    'every bad variable (exit code 78).',
    '',
    '| 変数 Variable | 既定値 Default | | 説明 Description |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
