import { isMap, parseDocument, type Node } from 'yaml';

/** Dotted paths of the keys in a values.yaml that have no comment line above them. */
export function uncommentedKeys(valuesYaml: string): string[] {
  const document = parseDocument(valuesYaml);
  const missing: string[] = [];
  // The comment above a map's first key is attached to the map itself by the parser.
  const walk = (node: unknown, path: string[], commentAboveFirstKey: string | undefined) => {
    if (!isMap(node)) return;
    node.items.forEach((pair, index) => {
      const key = pair.key as Node & { value?: unknown };
      const name = String(key.value);
      if (!key.commentBefore && !(index === 0 && commentAboveFirstKey)) missing.push([...path, name].join('.'));
      const value = pair.value as Node | null;
      walk(value, [...path, name], value?.commentBefore ?? undefined);
    });
  };
  const contents = document.contents as Node | null;
  walk(contents, [], contents?.commentBefore ?? document.commentBefore ?? undefined);
  return missing;
}
