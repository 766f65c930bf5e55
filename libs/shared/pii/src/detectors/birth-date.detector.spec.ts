import { describe, expect, it } from 'vitest';
import { detectPii } from '../detect-pii';

const birthDates = (text: string) => detectPii(text, { kinds: ['birth_date'] }).map((f) => f.value);

describe('dates of birth', () => {
  it('finds western and era dates after 生年月日 or 誕生日', () => {
    expect(birthDates('生年月日 1990年1月2日')).toEqual(['1990年1月2日']);
    expect(birthDates('生年月日：1990/01/02')).toEqual(['1990/01/02']);
    expect(birthDates('生年月日 平成2年1月2日')).toEqual(['平成2年1月2日']);
    expect(birthDates('生年月日 令和元年5月1日')).toEqual(['令和元年5月1日']);
    expect(birthDates('誕生日は１９８８年１１月３０日')).toEqual(['１９８８年１１月３０日']);
    expect(birthDates('生年月日 S58.3.15')).toEqual(['S58.3.15']);
  });

  it('finds a date followed by 生 or 生まれ, or right after a name', () => {
    expect(birthDates('山田 太郎（昭和60年4月1日生）')).toEqual(['昭和60年4月1日']);
    expect(birthDates('1990年1月2日生まれの方')).toEqual(['1990年1月2日']);
    expect(birthDates('田中一郎様（昭和22年2月3日）')).toEqual(['昭和22年2月3日']);
    expect(birthDates('氏名：高橋 誠、1975/07/21')).toEqual(['1975/07/21']);
  });

  it('leaves dates of meetings, deadlines and laws alone', () => {
    expect(birthDates('令和6年4月1日に会議を開催します。申請期限は2025年3月31日です。')).toEqual([]);
  });

  it('does not take impossible dates or years outside their era', () => {
    expect(birthDates('生年月日 1990年2月30日')).toEqual([]);
    expect(birthDates('生年月日 平成32年1月1日')).toEqual([]);
    expect(birthDates('生年月日 1990年13月1日')).toEqual([]);
  });
});
