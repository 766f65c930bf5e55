import type { Locale } from './locale';
import type { PiiFindingsView } from './pii-guard';

/** Body of every 4xx/5xx answer of the API. `message` is in the caller's language. */
export interface ApiErrorView {
  statusCode: number;
  code: ErrorCode;
  message: string;
  /** For validation errors: which field is wrong and why. */
  details?: { field: string; message: string }[];
  /** For pii_confirmation_required and pii_blocked: what the PII guard found (never the values themselves). */
  pii?: PiiFindingsView;
  requestId?: string;
}

type Catalogue = Record<string, Record<Locale, string>>;

/** Every error a user can meet, in Japanese and English. `{name}` placeholders are filled in. */
export const ERROR_MESSAGES = {
  unauthenticated: { ja: 'サインインが必要です。もう一度サインインしてください。', en: 'Sign-in required. Please sign in again.' },
  forbidden: { ja: 'この操作を行う権限がありません。', en: 'You are not allowed to do this.' },
  not_found: { ja: '{resource}が見つかりません。', en: '{resource} was not found.' },
  route_not_found: { ja: 'このURLのAPIはありません。', en: 'There is no API at this URL.' },
  validation_failed: { ja: '入力内容に誤りがあります。', en: 'The request has invalid input.' },
  malformed_json: { ja: 'リクエスト本文が正しいJSONではありません。', en: 'The request body is not valid JSON.' },
  payload_too_large: { ja: 'リクエストが大きすぎます。', en: 'The request is too large.' },
  unsupported_media_type: { ja: 'リクエストは application/json で送ってください。', en: 'Send the request as application/json.' },
  unknown_model: { ja: 'モデル「{modelId}」は利用できません。', en: 'The model "{modelId}" is not available.' },
  message_too_long: { ja: 'メッセージが長すぎます（{max}文字まで、現在{actual}文字）。', en: 'The message is too long ({actual} characters; the limit is {max}).' },
  message_not_retryable: { ja: 'この回答は再試行できません（失敗した最新の回答のみ再試行できます）。', en: 'This answer cannot be retried (only the latest failed answer can).' },
  answer_in_progress: { ja: '前の回答を生成中です。完了してから送信してください。', en: 'The previous answer is still being written. Send again when it is finished.' },
  not_an_answer: { ja: '評価できるのはモデルの回答だけです。', en: 'Only model answers can be rated.' },
  answer_not_complete: { ja: '完了した回答だけを評価できます。', en: 'Only completed answers can be rated.' },
  rating_tag_not_allowed: { ja: '「{tag}」は「{value}」の理由として選べません。', en: '"{tag}" cannot be given as a reason for "{value}".' },
  upstream_rate_limited: { ja: 'モデルが混み合っています。しばらくしてから再試行してください。', en: 'The model is busy. Please retry in a moment.' },
  upstream_unavailable: { ja: 'モデルに接続できませんでした。再試行してください。', en: 'The model could not be reached. Please retry.' },
  upstream_timeout: { ja: 'モデルの応答が時間内にありませんでした。再試行してください。', en: 'The model did not answer in time. Please retry.' },
  upstream_bad_response: { ja: 'モデルから不正な応答がありました。再試行してください。', en: 'The model sent an invalid answer. Please retry.' },
  interrupted: { ja: '回答の生成が中断されました。再試行してください。', en: 'Writing the answer was interrupted. Please retry.' },
  model_not_allowed: { ja: 'モデル「{modelId}」を利用する権限がありません。管理者に問い合わせてください。', en: 'You are not allowed to use the model "{modelId}". Ask your administrator.' },
  information_class_exceeded: { ja: 'この会話は機密性{conversationClass}です。モデル「{modelId}」は機密性{modelClass}までの情報しか扱えないため、送信しませんでした。', en: 'This conversation is information class {conversationClass}. The model "{modelId}" may only receive class {modelClass} or lower, so nothing was sent.' },
  quota_exceeded: { ja: '{limit}の利用上限に達しました。{resetsAt}以降に再び利用できます。', en: 'The limit of {limit} has been reached. You can continue after {resetsAt}.' },
  rate_limited: { ja: '短時間のリクエストが多すぎます。{seconds}秒後に再試行してください。', en: 'Too many requests in a short time. Retry in {seconds} seconds.' },
  invalid_api_key: { ja: 'APIキーが無効です（失効・期限切れ・誤り）。', en: 'The API key is invalid, revoked or expired.' },
  api_key_scope: { ja: 'このAPIキーでは{what}を利用できません。', en: 'This API key may not be used for {what}.' },
  api_key_limit: { ja: '有効なAPIキーは{max}個までです。使っていないキーを失効させてから作成してください。', en: 'You can have at most {max} active API keys. Revoke one you no longer use first.' },
  already_exists: { ja: '{resource}「{id}」は既にあります。', en: '{resource} "{id}" already exists.' },
  in_use: { ja: '{resource}「{id}」は使用中のため削除できません（{usedBy}）。', en: '{resource} "{id}" is in use and cannot be deleted ({usedBy}).' },
  read_only: { ja: '{resource}「{id}」は設定ファイル（GENNAI_MODELS）で定義されているため、画面からは変更できません。', en: '{resource} "{id}" is defined in configuration (GENNAI_MODELS) and cannot be changed here.' },
  secret_key_missing: { ja: '認証情報を暗号化する鍵（GENNAI_SECRET_KEY）が設定されていません。環境変数またはファイルの参照を使ってください。', en: 'No encryption key (GENNAI_SECRET_KEY) is configured. Use an environment variable or file reference instead.' },
  unsupported_parameter: { ja: 'パラメータ「{param}」には対応していません。', en: 'The parameter "{param}" is not supported.' },
  no_organization: { ja: 'アカウントの所属組織を確認できないため、サインインできません（どの組織にも所属していないか、複数の組織に所属しています）。管理者に所属を一つ登録するよう依頼してください。', en: 'Your organisation could not be determined, so you cannot sign in (your account belongs to no organisation, or to several). Ask your administrator to register exactly one membership.' },
  several_organizations: { ja: 'アカウントが複数の組織（{organizations}）に所属しているため、サインインできません。所属を一つにするよう管理者に依頼してください。', en: 'Your account belongs to several organisations ({organizations}), so you cannot sign in. Ask your administrator to keep one membership.' },
  organization_not_registered: { ja: '組織「{organization}」はGennaiに登録されていないため、サインインできません。基盤管理者に組織の登録を依頼してください。', en: 'The organisation "{organization}" is not registered in Gennai, so you cannot sign in. Ask the platform administrators to register it.' },
  organization_not_empty: { ja: '{name}には{what}があるため削除できません。', en: '{name} cannot be deleted: it still has {what}.' },
  organization_cycle: { ja: '組織を自身の配下に移動することはできません。', en: 'An organisation cannot be moved under itself.' },
  organization_settings_on_unit: { ja: '設定は組織に対して行います（課・部などの単位には設定できません）。', en: 'Settings belong to organisations, not to their units.' },
  pii_confirmation_required: { ja: 'メッセージに個人情報（{kinds}）が含まれている可能性があります。内容を確認し、このまま送信する場合は確認のうえ送信してください。', en: 'The message may contain personal data ({kinds}). Check it, and confirm if you want to send it as typed.' },
  pii_blocked: { ja: 'メッセージに個人情報（{kinds}）が含まれているため、送信できません（組織の設定）。該当する部分を削除してから送信してください。', en: 'The message contains personal data ({kinds}) and cannot be sent (your organisation\'s setting). Remove it and send again.' },
  confidential_class_disabled: { ja: 'この組織では機密性3の情報を扱う会話は有効になっていません。機密性2以下を選ぶか、組織の管理者に問い合わせてください。', en: 'Conversations with class 3 (confidential) information are not enabled for your organisation. Choose class 2 or lower, or ask your administrator.' },
  use_case_retired: { ja: 'ユースケース「{title}」は廃止済みのため変更できません。再開する場合は新しく登録してください。', en: 'The use case "{title}" is retired and cannot be changed. Register it again to resume it.' },
  legal_hold_exists: { ja: 'この{subject}には有効な訴訟ホールドが既にあります。', en: 'This {subject} is already under an active legal hold.' },
  legal_hold_released: { ja: 'この訴訟ホールドは既に解除されています。', en: 'This legal hold has already been released.' },
  arena_daily_limit: { ja: '比較は1日{limit}回までです。{resetsAt}以降に再び比較できます。', en: 'You can run {limit} comparisons a day. You can compare again after {resetsAt}.' },
  arena_not_enough_models: { ja: 'この機密性で比較できるモデル（利用できるモデル、APIキーならそのキーのモデル）が2つ以上ありません。機密性を下げるか、管理者に問い合わせてください。', en: 'Fewer than two models you may use (with an API key: of the key\'s models) accept this information class, so there is nothing to compare. Choose a lower class or ask your administrator.' },
  battle_not_finished: { ja: '両方の回答が終わってから投票してください。', en: 'Vote once both answers are finished.' },
  battle_failed: { ja: 'この比較は回答の生成に失敗したため、投票できません（集計には含まれません）。', en: 'An answer in this comparison failed, so it cannot be voted on (it does not count).' },
  battle_already_voted: { ja: 'この比較には既に投票済みです。投票は変更できません。', en: 'You have already voted on this comparison. A vote cannot be changed.' },
  evaluation_filter_not_allowed: { ja: '組織別の評価結果を見る権限がありません（全体の結果のみ閲覧できます）。', en: 'You may not see evaluation results per organisation (only the platform-wide results).' },
  vendor_not_linked: { ja: 'あなたの組織はモデルベンダーとして登録されていないため、フィードバックを取得できません。基盤管理者に、組織とベンダーの紐付けを依頼してください。', en: 'Your organisation is not registered as a model vendor, so there is no feedback for you to download. Ask the platform administrators to link your organisation to its vendor.' },
  vendor_export_unavailable: { ja: 'フィードバックのエクスポートは準備されていません（仮名化の鍵が未設定です）。基盤管理者に問い合わせてください。', en: 'Feedback export is not set up on this platform (no pseudonymisation key is configured). Contact the platform administrators.' },
  survey_frozen: { ja: 'アンケート「{title}」は{status}のため変更できません。', en: 'The survey "{title}" is {status} and cannot be changed.' },
  survey_not_discardable: { ja: 'アンケート「{title}」は{status}のため削除できません。公開したアンケートは回答と結果を残すため、削除できるのは一度も公開していない下書きだけです。', en: 'The survey "{title}" is {status} and cannot be deleted: a survey that was published keeps its answers and results, so only a draft that was never published can be deleted.' },
  survey_not_for_you: { ja: 'このアンケートはあなたの組織・ロールを対象としていないため、回答できません。', en: 'This survey is not addressed to your organisation or role, so you cannot answer it.' },
  survey_not_open: { ja: 'このアンケートはまだ回答を受け付けていません。', en: 'This survey is not open for answers yet.' },
  survey_closed: { ja: 'このアンケートの回答期間は終了しました。', en: 'This survey is closed: the answering period has ended.' },
  survey_already_answered: { ja: 'このアンケートには回答済みです（回答は一人一回です）。', en: 'You have already answered this survey (one answer per person).' },
  internal_error: { ja: 'サーバーで問題が発生しました。時間をおいて再試行してください。', en: 'Something went wrong on the server. Please retry later.' },
} as const satisfies Catalogue;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

/** Names of resources as users read them, for `not_found`. */
export const RESOURCE_NAMES = {
  conversation: { ja: '会話', en: 'The conversation' },
  message: { ja: 'メッセージ', en: 'The message' },
  provider: { ja: 'プロバイダー', en: 'The provider' },
  model: { ja: 'モデル', en: 'The model' },
  quota_rule: { ja: '利用上限', en: 'The quota rule' },
  api_key: { ja: 'APIキー', en: 'The API key' },
  organization: { ja: '組織', en: 'The organisation' },
  use_case: { ja: 'ユースケース', en: 'The use case' },
  user: { ja: '利用者', en: 'The user' },
  legal_hold: { ja: '訴訟ホールド', en: 'The legal hold' },
  survey: { ja: 'アンケート', en: 'The survey' },
  battle: { ja: '比較', en: 'The comparison' },
  evaluation_report: { ja: '評価レポート', en: 'The evaluation report' },
} as const satisfies Catalogue;
export type ResourceName = keyof typeof RESOURCE_NAMES;

/** Validation messages by kind, used to explain each bad field. */
export const FIELD_MESSAGES = {
  required: { ja: '必須です', en: 'is required' },
  too_short: { ja: '空にできません', en: 'must not be empty' },
  too_long: { ja: '{max}文字以内にしてください', en: 'must be at most {max} characters' },
  invalid_value: { ja: '使用できる値: {values}', en: 'must be one of: {values}' },
  invalid_type: { ja: '型が正しくありません（{expected}が必要です）', en: 'has the wrong type (expected {expected})' },
  unknown_field: { ja: '不明な項目です', en: 'is not a known field' },
  invalid_format: { ja: '形式が正しくありません', en: 'has an invalid format' },
  out_of_range: { ja: '範囲外の値です', en: 'is out of range' },
  unknown_reference: { ja: '存在しないIDです（{id}）', en: 'refers to something that does not exist ({id})' },
  self_reference: { ja: '自分自身は指定できません', en: 'must not refer to itself' },
  fallback_cycle: { ja: '代替モデルが循環しています（{chain}）', en: 'forms a fallback loop ({chain})' },
  duplicate: { ja: '重複しています（{id}）', en: 'is a duplicate ({id})' },
  before_opens: { ja: '開始日時より後にしてください', en: 'must be after the opening time' },
  too_few_options: { ja: '選択肢を{min}個以上にしてください', en: 'needs at least {min} options' },
  not_a_choice: { ja: '選択肢は選択式の質問にだけ指定できます', en: 'only choice questions have options' },
  no_questions: { ja: '公開するには質問が1つ以上必要です', en: 'needs at least one question to be published' },
  needs_choice: { ja: '選択肢のIDを指定してください', en: 'must be an option id' },
  needs_choices: { ja: '異なる選択肢のIDの配列にしてください', en: 'must be a list of distinct option ids' },
  needs_likert: { ja: '1〜5の整数にしてください', en: 'must be a whole number from 1 to 5' },
  needs_text: { ja: '文字列にしてください', en: 'must be text' },
  unknown_question: { ja: 'このアンケートにない質問です', en: 'is not a question of this survey' },
  unknown_option: { ja: 'この質問にない選択肢です（{id}）', en: 'is not an option of this question ({id})' },
  in_the_past: { ja: '現在より後の日時にしてください', en: 'must be in the future' },
  needs_confidential_class: { ja: '機密性3を既定にするには、先に機密性3の利用を有効にしてください', en: 'class 3 can be the default only when class 3 is enabled' },
} as const satisfies Catalogue;
export type FieldMessageKind = keyof typeof FIELD_MESSAGES;

export function formatMessage(
  template: string,
  params: Record<string, string | number> = {},
): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export function errorMessage(
  code: ErrorCode,
  locale: Locale,
  params: Record<string, string | number> = {},
): string {
  return formatMessage(ERROR_MESSAGES[code][locale], params);
}
