/**
 * A message for the survey list to announce after another page sent the user there (「…を公開しました」 after publishing
 * from the editor). The list takes it once, so returning later does not repeat it.
 */
let pending = '';

export function leaveSurveyNotice(text: string): void {
  pending = text;
}

export function takeSurveyNotice(): string {
  const text = pending;
  pending = '';
  return text;
}
