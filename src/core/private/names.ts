/** Makes a string a valid CodePipeline artifact name (`[A-Za-z0-9_-]{1,100}`). */
export function artifactName(raw: string): string {
  const cleaned = raw.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '');
  return (cleaned || 'Artifact').slice(0, 100);
}

/** The word with its indefinite article, for messages: `an Invoke`, `a Build`. */
export function withArticle(word: string): string {
  return `${/^[AEIOUaeiou]/.test(word) ? 'an' : 'a'} ${word}`;
}

/** Makes a string a valid stage or action name (`[A-Za-z0-9.@_-]{1,100}`). */
export function actionName(raw: string): string {
  const cleaned = raw.replace(/[^A-Za-z0-9.@_-]+/g, '-').replace(/^-+|-+$/g, '');
  return (cleaned || 'Action').slice(0, 100);
}

/** Makes a string a valid construct id fragment. */
export function constructId(raw: string): string {
  return raw.replace(/[^A-Za-z0-9]+/g, '');
}
