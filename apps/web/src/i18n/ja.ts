/**
 * Japanese, the default language. Every string the web app shows lives here and in en.ts;
 * `i18n-catalogues.spec.ts` fails when a key is missing in either language.
 */
export const ja = {
  app: {
    name: '源内 Gennai',
    skipToContent: '本文へ移動',
    loading: '読み込んでいます…',
    notFound: 'ページが見つかりません。',
    backToChat: 'チャットに戻る',
  },
  auth: {
    description: '行政機関の職員のための生成AIチャットサービスです。所属組織のアカウントでサインインしてください。',
    signIn: 'サインイン',
    signOut: 'サインアウト',
    signedInAs: 'サインイン中のユーザー',
    developmentProvider: '開発用の認証サーバーで動作中',
    developmentProviderDetail: '開発・評価用の仮のアカウントでサインインします。本番環境では使用できません。',
    startFailed: 'サインインの準備ができませんでした。',
    reload: '再読み込み',
    sessionExpired: 'サインインの有効期限が切れました。もう一度サインインしてください。',
  },
  language: {
    label: '表示言語',
    ja: '日本語',
    en: 'English',
  },
  history: {
    heading: '会話の履歴',
    newConversation: '新しい会話',
    empty: 'まだ会話はありません。',
    loadMore: 'さらに読み込む',
    loading: '読み込んでいます…',
    untitled: '無題の会話',
    updatedAt: '最終更新',
  },
  chat: {
    newConversationHeading: '新しい会話',
    emptyState: '質問や依頼を入力して会話を始めましょう。',
    demoNotice: 'オフラインのデモモデルを使用中です。回答は実際の大規模言語モデル（LLM）によるものではありません。',
    you: 'あなた',
    writing: '回答を作成中…',
    stop: '停止',
    retry: '再試行',
    answerComplete: '回答が完了しました。',
    answerFailed: '回答の生成に失敗しました。',
    answerStopped: '回答の生成を停止しました。',
    stoppedError: '回答の生成を停止しました。再試行できます。',
    interruptedError: '接続が途切れたため回答を最後まで受け取れませんでした。再試行してください。',
    loading: '会話を読み込んでいます…',
    messagesLabel: '会話のメッセージ',
  },
  model: {
    label: 'モデル',
    demoBadge: 'デモ',
    demoOption: '{label}（デモ）',
    unavailable: '{id}（利用できません）',
    locked: 'この会話のモデルは変更できません。別のモデルを使うには新しい会話を始めてください。',
    none: '利用できるモデルがありません。管理者に連絡してください。',
  },
  composer: {
    label: 'メッセージ',
    hint: 'Enter で送信、Shift + Enter で改行します。',
    send: '送信',
    empty: 'メッセージを入力してください。',
    tooLong: 'メッセージが長すぎます（{max}文字まで、現在{actual}文字）。',
  },
  rating: {
    groupLabel: 'この回答の評価',
    like: 'いいね',
    dislike: 'よくない',
    commentLabel: 'コメント（任意）',
    commentHint: '評価の理由があれば入力してください。',
    saveComment: 'コメントを保存',
    saved: '評価を保存しました。',
    removed: '評価を取り消しました。',
  },
  errors: {
    network: 'サーバーに接続できませんでした。ネットワークを確認して再試行してください。',
    http: 'エラーが発生しました（HTTP {status}）。時間をおいて再試行してください。',
  },
} as const;

type Catalogue<T> = { readonly [K in keyof T]: T[K] extends string ? string : Catalogue<T[K]> };
/** The shape every language must have: the Japanese keys, any text. */
export type MessageSchema = Catalogue<typeof ja>;
