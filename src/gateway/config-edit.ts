/**
 * Edits of gateway.yaml that keep the user's comments and layout (yaml Document API):
 * route weights (bumping the version) and client keys. Every edit is validated as a whole
 * file before it is returned; the caller writes it atomically.
 */
import { isCollection, isMap, parseDocument, type Document } from 'yaml';
import { parseGatewayYaml, type GatewayFile } from './config-file.ts';

export class ConfigEditError extends Error {}

function load(text: string): Document {
  const document = parseDocument(text);
  if (document.errors.length > 0) throw new ConfigEditError(`YAML: ${document.errors[0].message}`);
  if (!isMap(document.contents))
    throw new ConfigEditError('(top level): expected a mapping with version, targets and routes');
  return document;
}

function validated(document: Document): { text: string; file: GatewayFile } {
  const text = document.toString();
  const result = parseGatewayYaml(text);
  if (!result.ok) throw new ConfigEditError(`the edited config would be invalid:\n  ${result.errors.join('\n  ')}`);
  return { text, file: result.file };
}

export interface RouteEdit {
  route: string;
  weights?: Record<string, number>;
  fallbacks?: string[];
  overflow?: string;
}

/** Sets a route's weights (and optionally fallbacks / overflow), bumps `version` by one, validates. */
export function editRoute(text: string, edit: RouteEdit): { text: string; file: GatewayFile; previousVersion: number } {
  const document = load(text);
  const routes = document.get('routes');
  if (!isMap(routes) || !routes.has(edit.route)) {
    const known = isMap(routes)
      ? routes.items.map((item) => String((item.key as { value?: unknown })?.value ?? item.key))
      : [];
    throw new ConfigEditError(`--route: no route '${edit.route}' in the file (routes: ${known.join(', ') || 'none'})`);
  }
  const previousVersion = Number(document.get('version'));
  if (!Number.isInteger(previousVersion))
    throw new ConfigEditError(`version: expected an integer, got ${JSON.stringify(document.get('version'))}`);
  // Keep the style the user wrote ({ a: 1 } stays on one line).
  const replace = (field: string, value: unknown): void => {
    const previous = document.getIn(['routes', edit.route, field], true);
    const node = document.createNode(value);
    if (isCollection(previous) && isCollection(node)) node.flow = previous.flow;
    document.setIn(['routes', edit.route, field], node);
  };
  if (edit.weights) replace('weights', edit.weights);
  if (edit.fallbacks) replace('fallbacks', edit.fallbacks);
  if (edit.overflow !== undefined) document.setIn(['routes', edit.route, 'overflow'], edit.overflow);
  document.set('version', previousVersion + 1);
  return { ...validated(document), previousVersion };
}

/** Adds a client key record (id + sha256) to `keys`; the id must be new. */
export function addClientKey(
  text: string,
  record: { id: string; sha256: string; createdAt: string },
): { text: string; file: GatewayFile } {
  const document = load(text);
  const current = parseGatewayYaml(text);
  if (current.ok && current.file.keys.some((key) => key.id === record.id))
    throw new ConfigEditError(`--id: a key with id '${record.id}' already exists; pick another id`);
  const keys = document.get('keys', true);
  if (!isCollection(keys)) document.set('keys', document.createNode([]));
  const list = document.get('keys', true);
  if (isCollection(list)) list.flow = false;
  document.addIn(['keys'], document.createNode(record));
  return validated(document);
}
