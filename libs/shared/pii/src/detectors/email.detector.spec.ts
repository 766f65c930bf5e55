import { describe, expect, it } from 'vitest';
import { detectPii } from '../detect-pii';

const emails = (text: string) => detectPii(text, { kinds: ['email'] }).map((f) => f.value);

describe('e-mail addresses', () => {
  it('finds an address inside Japanese text, stopping where the Japanese starts', () => {
    expect(emails('返信はtaro.yamada@example.jpまでお願いします。')).toEqual(['taro.yamada@example.jp']);
  });

  it('leaves sentence punctuation out of the address', () => {
    expect(emails('連絡先: hanako@example.go.jp.')).toEqual(['hanako@example.go.jp']);
    expect(emails('（info@example.org）')).toEqual(['info@example.org']);
  });

  it('finds plus-addressing, subdomains and full-width addresses', () => {
    expect(emails('a.b+kyufu@mail.city.example.lg.jp')).toEqual(['a.b+kyufu@mail.city.example.lg.jp']);
    expect(emails('ｓｕｚｕｋｉ＠ｅｘａｍｐｌｅ．ｊｐ')).toEqual(['ｓｕｚｕｋｉ＠ｅｘａｍｐｌｅ．ｊｐ']);
  });

  it('does not take mentions, bare domains or addresses without a top-level domain', () => {
    expect(emails('@gennai_city の投稿、user@localhost、@example.jp')).toEqual([]);
  });

  it('finds each of several addresses in a list', () => {
    expect(emails('CC：a@example.jp、b@example.jp,c@example.jp')).toEqual(['a@example.jp', 'b@example.jp', 'c@example.jp']);
  });
});
