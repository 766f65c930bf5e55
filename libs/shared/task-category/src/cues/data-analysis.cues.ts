import { defineCues } from './define-cues';

export const DATA_ANALYSIS_CUES = defineCues('data_analysis', [
  // 集計結果 is material someone already counted; asking to count is 集計して.
  ['aggregate', 3, /集計(?!結果)|統計処理|統計的|平均値|平均を|中央値|標準偏差|相関|回帰分析|ピボット|データ分析|可視化|グラフ|calculat|growth rate|\baverage\b|\bmedian\b|aggregate|spreadsheet/],
  ['ratio', 1.5, /前年比|前年度比|前年同期比|増減率|伸び率|構成比|執行率|高齢化率/],
  ['analyse', 2, /分析して|分析を|分析し|傾向を|推移を|推移は|割合を|比率を|比較表/],
  ['table', 2.5, /表に(?:して|まとめ|整理|し)|表形式|一覧表|表を作|マトリクス|csv|エクセル|excel|スプレッドシート|表計算|vlookup|xlookup|sumif|countif/],
  ['calculate', 2, /計算して|計算を|計算する|合計|何%|何パーセント|試算|按分|何件|何人|何倍|いくらに|いくらです|いくらか|何円|確率|求めて|求めよ|の値を|方程式|不等式|を解いて|面積|体積|余り|割った/],
  ['extract', 2, /抽出して|抽出し|抜き出して|取り出して|分類して|仕分けして|振り分けて|ラベル付け|タグ付け|特定して|数えて|カウントして|割り当て|(?:json|csv)(?:形式|文字列)で/],
  ['data', 1, /データ|アンケート結果|回答結果|数値|件数|点数|スコア/],
]);
