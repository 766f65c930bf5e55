import { defineCues } from './define-cues';

/** Chat that is not work: greetings, tests of the tool, play. Enough to keep them out of the work categories. */
export const OTHER_CUES = defineCues('other', [
  ['greeting', 3, /^\s*(?:こんにちは|こんばんは|おはよう(?:ございます)?|はじめまして|ありがとう(?:ございます|ございました)?|よろしく(?:お願いします)?|お疲れ様(?:です)?|テスト|test|hello|hi|thanks?)[!！。.\s]*$/],
  ['play', 2, /しりとり|占い|ジョーク|冗談|なぞなぞ|クイズを出して|ゲームをしよう|雑談|話し相手|暇(?:なので|だから|つぶし|です)|退屈/],
  ['role-play', 2, /なりきって|演じて|ふりをして|つもりで|想像してください|ロールプレイ|あなたが(?:もし)?.{1,20}だったら/],
  ['about-assistant', 2, /あなたは(?:誰|何者|何ができ)|あなたの名前|どんなモデル|what are you/],
]);
