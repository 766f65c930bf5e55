import { describe, expect, it } from 'vitest';
import { detectPii } from '../detect-pii';

const addresses = (text: string) => detectPii(text, { kinds: ['address'] }).map((f) => f.value);

describe('addresses', () => {
  it('finds prefecture, municipality, town and house number in the usual notations', () => {
    expect(addresses('東京都千代田区霞が関2丁目1番2号')).toEqual(['東京都千代田区霞が関2丁目1番2号']);
    expect(addresses('住所は神奈川県横須賀市小川町11番地です')).toEqual(['神奈川県横須賀市小川町11番地']);
    expect(addresses('大阪府大阪市北区梅田1-2-3 梅田ビル')).toEqual(['大阪府大阪市北区梅田1-2-3']);
    expect(addresses('北海道札幌市中央区北1条西2丁目')).toEqual(['北海道札幌市中央区北1条西2丁目']);
    expect(addresses('岩手県紫波郡紫波町紫波中央駅前2丁目3-1')).toEqual(['岩手県紫波郡紫波町紫波中央駅前2丁目3-1']);
    expect(addresses('東京都千代田区霞が関２－１－２')).toEqual(['東京都千代田区霞が関２－１－２']);
  });

  it('does not take a place name followed by a count, a date or a numbered item', () => {
    expect(addresses('東京都千代田区で第3回会議を開催します。')).toEqual([]);
    expect(addresses('東京都港区では1番多い申請区分でした。')).toEqual([]);
    expect(addresses('大阪府大阪市において3-4月に実施した。')).toEqual([]);
    expect(addresses('神奈川県横須賀市の2024年度予算')).toEqual([]);
  });

  it('needs the prefecture (a known limit, see the documentation)', () => {
    expect(addresses('横須賀市小川町11番地')).toEqual([]);
  });
});
