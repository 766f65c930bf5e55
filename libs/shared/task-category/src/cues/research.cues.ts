import { defineCues } from './define-cues';

export const RESEARCH_CUES = defineCues('research', [
  ['look-up', 3, /調べ|検索して|リサーチ|探して|探したい|探しています|調査して|調査してほしい|ファクトチェック|裏付け|裏どり|裏取り|\bresearch\b|look up|find (?:examples|cases|sources)|case stud/],
  ['search', 1.5, /検索/],
  ['cases', 1.5, /事例|先行事例|取組例|他自治体|他の自治体|他団体|他県|他市|他省庁|諸外国|海外の|各国の|各国で|動向|トレンド|最新の|最近の|現状|実態|状況を/],
  ['sources', 2, /出典|根拠法令|根拠条文|法的根拠|文献|論文|参考資料|ソース|url|リンク|統計データ|公表資料|白書|情報源|一次情報|どこに(?:載|書|掲載)/],
  ['survey', 1, /比較して|一覧にして|リストアップ|列挙して|洗い出して|網羅的に|挙げて/],
]);
