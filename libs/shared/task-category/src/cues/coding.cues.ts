import { defineCues } from './define-cues';

export const CODING_CUES = defineCues('coding', [
  ['language', 3, /python|パイソン|javascript|typescript|\bjava\b|c\+\+|c#|\bvba\b|マクロ|\bsql\b|sql文|クエリ|正規表現|regex|bash|シェルスクリプト|powershell|\bhtml\b|\bcss\b|\bphp\b|\bruby\b|golang|go言語|\brust\b|kotlin|\bswift\b|r言語|google apps script|\bgas\b|\bgit\b|docker/],
  ['code', 3, /コード|ソースコード|プログラム(?!案)|スクリプト|メソッド|ライブラリ|コンパイル|デバッグ|バグ|リファクタ|実装して|実装を|アルゴリズム|プログラミング/],
  ['automation', 2, /\brpa\b|バッチファイル|power automate|power apps|kintone|ノーコード|ローコード/],
  ['function', 2, /関数|クラスを|\bapi\b/],
  ['data-format', 1, /json|yaml|\bxml\b/],
  ['error', 1.5, /エラー|\berror\b|exception|traceback|例外が|スタックトレース|undefined|構文エラー|syntax|ビルド|デプロイ|環境構築/],
  ['code-line', 2, /(?:^|\n)\s*(?:def |class \w|import \w|from \S+ import|function |const \w|let \w|var \w|public |private |#include|sub \w|end sub|dim \w|<\?php|<div|<html)|select\s[^\n]{1,200}\sfrom\s|insert into|update \w+ set|create table|console\.log|print\(/],
  ['code-symbols', 1, /[{};]\s*\n|=>|\)\s*\{|==|!=|\+\+/],
]);
