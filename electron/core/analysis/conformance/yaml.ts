/**
 * YAML for the conformance suites through js-yaml, which the project already
 * installs (a dependency of electron-builder) and which has no type package
 * here: it is loaded with createRequire behind a typed surface.
 * `json: true` makes a repeated mapping key keep its last value, as the ARC
 * suite needs (its file repeats one key).
 */
import { createRequire } from 'node:module';

interface JsYaml {
  loadAll(text: string, iterator: null | undefined, options: { json: boolean; filename?: string }): unknown[];
}

/** Every YAML document in `text`, in order. Throws with js-yaml's message on a syntax error. */
export function loadYamlDocuments(text: string, filename: string): unknown[] {
  const yaml = createRequire(import.meta.url)('js-yaml') as JsYaml;
  return yaml.loadAll(text, null, { json: true, filename });
}
