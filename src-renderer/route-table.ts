import { isMap, isScalar, parseDocument, type Document } from 'yaml';
import { CATEGORIES, COMPLEXITIES, type Category, type Complexity } from '../src-shared/labels';

/** The route table as the form shows it: the model of each complexity × category cell. */
export interface RouteTable {
  /** Model names the config defines (keys of `models:`), in file order. */
  models: string[];
  cells: Record<Complexity, Record<Category, string | null>>;
}

function parse(text: string): Document | null {
  const doc = parseDocument(text);
  return doc.errors.length > 0 ? null : doc;
}

function cellModel(node: unknown): string | null {
  if (isScalar(node) && typeof node.value === 'string') return node.value;
  if (isMap(node)) {
    const model = node.get('model');
    return typeof model === 'string' ? model : null;
  }
  return null;
}

/** Reads the table from config text; null while the text is not parseable YAML. */
export function readRouteTable(text: string): RouteTable | null {
  const doc = parse(text);
  if (!doc) return null;
  const modelsNode = doc.get('models');
  const models = isMap(modelsNode) ? modelsNode.items.map((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key))) : [];
  const cells = Object.fromEntries(
    COMPLEXITIES.map((cx) => [cx, Object.fromEntries(CATEGORIES.map((cat) => [cat, cellModel(doc.getIn(['routes', cx, cat], true))]))]),
  ) as RouteTable['cells'];
  return { models, cells };
}

/** A model name as a YAML scalar: plain when that is unambiguous everywhere (block and flow), else double-quoted. */
function scalarText(model: string): string {
  return /^[A-Za-z0-9][\w.\-/@]*$/.test(model) ? model : JSON.stringify(model);
}

/**
 * Sets one cell's model by replacing only that scalar's characters, so every comment, alignment
 * and flow mapping in the file stays byte for byte. A cell that does not exist yet is added through
 * the document API (which then re-prints the file, comments kept).
 */
export function setRouteModel(text: string, complexity: Complexity, category: Category, model: string): string {
  const doc = parse(text);
  if (!doc) return text;
  const cell = doc.getIn(['routes', complexity, category], true);
  const target = isMap(cell) ? cell.get('model', true) : cell;
  if (isScalar(target) && target.range) {
    const [from, to] = target.range;
    return text.slice(0, from) + scalarText(model) + text.slice(to);
  }
  if (isMap(cell)) cell.set('model', model);
  else doc.setIn(['routes', complexity, category], model);
  return doc.toString();
}
