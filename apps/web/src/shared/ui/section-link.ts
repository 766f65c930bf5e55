/** One page in a section's menu (SectionNav). */
export interface SectionLink {
  /** Name of the route the link opens. */
  readonly route: string;
  /** i18n key of the link's text. */
  readonly label: string;
  readonly testId: string;
}
