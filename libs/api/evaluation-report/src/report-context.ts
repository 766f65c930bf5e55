import type { BundleManifest, LocalizedLabel } from './bundle-format';
import type { ReportColumn, ReportLocale } from './report-table';
import { REPORT_TEXT, type ReportText } from './report-text';

/** What every table builder needs besides the records: the manifest, the language and display names. */
export class ReportContext {
  readonly text: ReportText;

  constructor(
    readonly manifest: BundleManifest,
    readonly locale: ReportLocale,
  ) {
    this.text = REPORT_TEXT[locale];
  }

  say(label: LocalizedLabel): string {
    return label[this.locale] || label.ja;
  }

  modelName(id: string): string {
    return this.manifest.labels.models[id] || id;
  }

  categoryName(id: string | null): string {
    if (id === null) return this.text.unclassified;
    const label = this.manifest.labels.categories[id];
    return label ? this.say(label) : id;
  }

  tagName(id: string): string {
    const label = this.manifest.labels.tags[id];
    return label ? this.say(label) : id;
  }

  appName(id: string): string {
    const label = this.manifest.labels.apps[id];
    return label ? this.say(label) : id;
  }

  /** Columns from [key, label, machine-only?] rows, labels in the report's language. */
  columns(definitions: readonly (readonly [string, LocalizedLabel, boolean?])[]): ReportColumn[] {
    return definitions.map(([key, label, machineOnly]) => (machineOnly ? { key, label: this.say(label), machineOnly } : { key, label: this.say(label) }));
  }
}

/** Column labels shared by several tables. */
export const COLUMN = {
  model: { ja: 'モデル ID', en: 'Model id' },
  modelName: { ja: 'モデル', en: 'Model' },
  category: { ja: '作業の種類 ID', en: 'Category id' },
  categoryName: { ja: '作業の種類', en: 'Task category' },
  votes: { ja: '投票数', en: 'Votes' },
  rating: { ja: '評価値', en: 'Rating' },
  lower: { ja: '95% 区間 下限', en: '95% lower' },
  upper: { ja: '95% 区間 上限', en: '95% upper' },
  rank: { ja: '順位', en: 'Rank' },
  count: { ja: '件数', en: 'Count' },
  share: { ja: '割合', en: 'Share' },
} as const satisfies Record<string, LocalizedLabel>;
