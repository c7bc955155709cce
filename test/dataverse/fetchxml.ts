/**
 * The FetchXML subset the library needs, parsed with fast-xml-parser and compiled to the emulator's Query:
 * `<fetch>` (count, page, paging-cookie, top, aggregate), one `<entity>`, `<attribute>` (with alias,
 * aggregate count/countcolumn/sum/avg/min/max, groupby), `<all-attributes>`, nested `<filter type="and|or">`,
 * `<condition>` with eq ne lt le gt ge null not-null like not-like begins-with not-begin-with ends-with
 * not-end-with in not-in eq-businessid ne-businessid under eq-or-under not-under, and `<order>`.
 * Anything else (link-entity, other operators, unknown attributes) is a 400 naming it.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { normaliseGuid } from './determinism';
import { dataverseError, notSupported, type DataverseError } from './errors';
import type { AttributeDefinition, TableDefinition } from './metadata';
import { comparableFromText, likeMatch, type AggregateColumn, type AggregateFunction, type CompareOperator, type Condition, type OrderItem, type Query } from './query';

interface XmlElement {
    readonly name: string;
    readonly attributes: Readonly<Record<string, string>>;
    readonly children: readonly XmlElement[];
    readonly text: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Decodes XML entities in one pass. fast-xml-parser (5.x) leaves numeric character references such as
 * `&#9;` undecoded, and decoding them after its own `&amp;` handling would turn `&amp;#9;` into a tab, so
 * its entity processing is off and all entities are decoded here.
 */
export function decodeXmlEntities(text: string): string {
    return text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, entity: string) => {
        switch (entity) {
            case 'amp':
                return '&';
            case 'lt':
                return '<';
            case 'gt':
                return '>';
            case 'quot':
                return '"';
            case 'apos':
                return "'";
            default:
                return String.fromCodePoint(entity.startsWith('#x') ? parseInt(entity.slice(2), 16) : Number(entity.slice(1)));
        }
    });
}

/** Converts fast-xml-parser's preserveOrder output into typed elements. */
function toElements(nodes: unknown): XmlElement[] {
    if (!Array.isArray(nodes)) {
        return [];
    }
    const elements: XmlElement[] = [];
    for (const node of nodes as unknown[]) {
        if (!isRecord(node)) {
            continue;
        }
        const attributesNode = node[':@'];
        const attributes: Record<string, string> = {};
        if (isRecord(attributesNode)) {
            for (const [key, value] of Object.entries(attributesNode)) {
                // Attribute-value normalisation (XML 1.0 3.3.3): literal whitespace characters become spaces.
                attributes[key] = decodeXmlEntities(String(value).replace(/[\t\n\r]/g, ' '));
            }
        }
        for (const [key, value] of Object.entries(node)) {
            if (key === ':@' || key === '#text') {
                continue;
            }
            const childNodes = Array.isArray(value) ? (value as unknown[]) : [];
            const text = childNodes
                .filter(isRecord)
                .map((child) => child['#text'])
                // parseTagValue is off, so text nodes are strings.
                .filter((part): part is string => typeof part === 'string')
                .map(decodeXmlEntities)
                .join('');
            elements.push({ name: key, attributes, children: toElements(childNodes), text });
        }
    }
    return elements;
}

function invalid(message: string): DataverseError {
    return dataverseError('invalidArgument', 400, message);
}

function checkAttributes(element: XmlElement, allowed: readonly string[]): void {
    for (const name of Object.keys(element.attributes)) {
        if (!allowed.includes(name)) {
            throw notSupported(`FetchXML: the attribute '${name}' on <${element.name}> is not supported by the emulator.`);
        }
    }
}

function positiveInteger(element: XmlElement, name: string): number | undefined {
    const value = element.attributes[name];
    if (value === undefined) {
        return undefined;
    }
    if (!/^\d+$/.test(value) || Number(value) <= 0) {
        throw invalid(`FetchXML: '${name}' must be a positive integer, got '${value}'.`);
    }
    return Number(value);
}

const COMPARE_OPERATORS: Readonly<Record<string, CompareOperator>> = { eq: 'eq', ne: 'ne', neq: 'ne', lt: 'lt', le: 'le', gt: 'gt', ge: 'ge' };
const AGGREGATES: readonly AggregateFunction[] = ['count', 'countcolumn', 'sum', 'avg', 'min', 'max'];

class FetchCompiler {
    constructor(private readonly table: TableDefinition) {}

    attribute(name: string | undefined, element: XmlElement): AttributeDefinition {
        if (name === undefined) {
            throw invalid(`FetchXML: <${element.name}> needs an 'attribute' or 'name'.`);
        }
        const attribute = this.table.attributes.get(name);
        if (attribute === undefined) {
            throw dataverseError('unknownAttribute', 400, `'${this.table.logicalName}' entity doesn't contain attribute with Name = '${name}' and NameMapping = 'Logical'.`);
        }
        return attribute;
    }

    filter(element: XmlElement): Condition {
        checkAttributes(element, ['type']);
        const type = element.attributes.type ?? 'and';
        if (type !== 'and' && type !== 'or') {
            throw invalid(`FetchXML: filter type '${type}' is not valid.`);
        }
        const items = element.children.map((child) => {
            if (child.name === 'condition') {
                return this.condition(child);
            }
            if (child.name === 'filter') {
                return this.filter(child);
            }
            throw notSupported(`FetchXML: <${child.name}> inside <filter> is not supported by the emulator.`);
        });
        return { kind: type, items };
    }

    condition(element: XmlElement): Condition {
        checkAttributes(element, ['attribute', 'operator', 'value']);
        if (element.children.some((child) => child.name !== 'value')) {
            throw notSupported('FetchXML: only <value> elements are supported inside <condition>.');
        }
        const attribute = this.attribute(element.attributes.attribute, element);
        const operator = element.attributes.operator ?? '';
        const values = element.children.map((child) => child.text);
        const single = (): string => {
            const value = element.attributes.value ?? values[0];
            if (value === undefined) {
                throw invalid(`FetchXML: the condition operator '${operator}' on '${attribute.logicalName}' needs a value.`);
            }
            return value;
        };
        const compareOperator = COMPARE_OPERATORS[operator];
        if (compareOperator !== undefined) {
            return { kind: 'compare', attribute, operator: compareOperator, value: comparableFromText(attribute, single(), this.table) };
        }
        const stringOnly = (): void => {
            if (attribute.type !== 'String' && attribute.type !== 'Memo') {
                throw invalid(`FetchXML: the operator '${operator}' needs a text column; '${attribute.logicalName}' is ${attribute.type}.`);
            }
        };
        const negate = (condition: Condition): Condition => ({ kind: 'not', item: condition });
        const inList = (): Condition => {
            const list = values.length > 0 ? values : element.attributes.value !== undefined ? [element.attributes.value] : [];
            if (list.length === 0) {
                throw invalid(`FetchXML: the operator '${operator}' needs <value> elements.`);
            }
            return { kind: 'in', attribute, values: list.map((value) => comparableFromText(attribute, value, this.table)) };
        };
        const businessUnitReference = (): void => {
            const isReference = attribute.targets?.includes('businessunit') === true || (this.table.logicalName === 'businessunit' && attribute.type === 'Uniqueidentifier');
            if (!isReference) {
                throw invalid(`FetchXML: the operator '${operator}' needs a column referencing businessunit; '${attribute.logicalName}' is not one.`);
            }
        };
        const hierarchy = (kind: 'under' | 'eq-or-under'): Condition => {
            businessUnitReference();
            const value = single();
            const businessUnitId = normaliseGuid(value);
            if (businessUnitId === undefined) {
                throw invalid(`FetchXML: '${value}' is not a GUID.`);
            }
            return { kind: 'hierarchy', attribute, operator: kind, businessUnitId };
        };
        switch (operator) {
            case 'null':
                return { kind: 'null', attribute, isNull: true };
            case 'not-null':
                return { kind: 'null', attribute, isNull: false };
            case 'like':
                stringOnly();
                return likeMatch(attribute, single());
            case 'not-like':
                stringOnly();
                return negate(likeMatch(attribute, single()));
            case 'begins-with':
                stringOnly();
                return likeMatch(attribute, `${single()}%`);
            case 'not-begin-with':
                stringOnly();
                return negate(likeMatch(attribute, `${single()}%`));
            case 'ends-with':
                stringOnly();
                return likeMatch(attribute, `%${single()}`);
            case 'not-end-with':
                stringOnly();
                return negate(likeMatch(attribute, `%${single()}`));
            case 'in':
                return inList();
            case 'not-in':
                return negate(inList());
            case 'eq-businessid':
                businessUnitReference();
                return { kind: 'hierarchy', attribute, operator: 'eq-businessid' };
            case 'ne-businessid':
                businessUnitReference();
                return negate({ kind: 'hierarchy', attribute, operator: 'eq-businessid' });
            case 'under':
                return hierarchy('under');
            case 'eq-or-under':
                return hierarchy('eq-or-under');
            case 'not-under':
                return negate(hierarchy('under'));
            default:
                throw notSupported(`FetchXML: the condition operator '${operator}' is not supported by the emulator.`);
        }
    }
}

/** Parses FetchXML (already URL-decoded) for `table`. */
export function parseFetchXml(xml: string, table: TableDefinition): Query {
    const validation = XMLValidator.validate(xml);
    if (validation !== true) {
        throw invalid(`FetchXML is not well-formed XML: ${validation.err.msg}`);
    }
    const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, parseAttributeValue: false, trimValues: false, processEntities: false });
    const roots = toElements(parser.parse(xml) as unknown);
    const fetch = roots[0];
    if (roots.length !== 1 || fetch?.name !== 'fetch') {
        throw invalid('FetchXML must have exactly one <fetch> root element.');
    }
    checkAttributes(fetch, ['version', 'count', 'page', 'paging-cookie', 'aggregate', 'distinct', 'mapping', 'output-format', 'no-lock', 'returntotalrecordcount', 'top']);
    if (fetch.attributes.distinct === 'true') {
        throw notSupported("FetchXML: distinct='true' is not supported by the emulator.");
    }
    const entity = fetch.children[0];
    if (fetch.children.length !== 1 || entity?.name !== 'entity') {
        throw invalid('FetchXML: <fetch> must contain exactly one <entity>.');
    }
    checkAttributes(entity, ['name']);
    if (entity.attributes.name !== table.logicalName) {
        throw invalid(`FetchXML entity '${entity.attributes.name ?? ''}' does not match the table '${table.logicalName}' the query was sent to.`);
    }
    const compiler = new FetchCompiler(table);
    const isAggregate = fetch.attributes.aggregate === 'true';
    const select: AttributeDefinition[] = [];
    const aggregate: AggregateColumn[] = [];
    const filters: Condition[] = [];
    const orderBy: OrderItem[] = [];
    let allAttributes = false;
    for (const child of entity.children) {
        switch (child.name) {
            case 'attribute': {
                checkAttributes(child, ['name', 'alias', 'aggregate', 'groupby']);
                const attribute = compiler.attribute(child.attributes.name, child);
                if (isAggregate) {
                    const alias = child.attributes.alias;
                    if (alias === undefined) {
                        throw invalid(`FetchXML aggregate: attribute '${attribute.logicalName}' needs an alias.`);
                    }
                    const fn = child.attributes.aggregate;
                    if (child.attributes.groupby === 'true') {
                        aggregate.push({ alias, attribute });
                    } else if (fn !== undefined && (AGGREGATES as readonly string[]).includes(fn)) {
                        aggregate.push({ alias, attribute, aggregate: fn as AggregateFunction });
                    } else {
                        throw notSupported(`FetchXML aggregate: '${fn ?? '(none)'}' on '${attribute.logicalName}' is not supported (use count, countcolumn, sum, avg, min, max or groupby).`);
                    }
                } else {
                    if (child.attributes.aggregate !== undefined || child.attributes.groupby !== undefined) {
                        throw invalid("FetchXML: aggregate and groupby need <fetch aggregate='true'>.");
                    }
                    select.push(attribute);
                }
                break;
            }
            case 'all-attributes':
                allAttributes = true;
                break;
            case 'filter':
                filters.push(compiler.filter(child));
                break;
            case 'order': {
                checkAttributes(child, ['attribute', 'descending']);
                if (isAggregate) {
                    throw notSupported('FetchXML: <order> in an aggregate query is not supported by the emulator.');
                }
                orderBy.push({ attribute: compiler.attribute(child.attributes.attribute, child), descending: child.attributes.descending === 'true' });
                break;
            }
            case 'link-entity':
                throw notSupported('FetchXML: <link-entity> is not supported by the emulator: query each table separately.');
            default:
                throw notSupported(`FetchXML: <${child.name}> is not supported by the emulator.`);
        }
    }
    if (isAggregate && aggregate.length === 0) {
        throw invalid('FetchXML aggregate query without aggregate attributes.');
    }
    const count = positiveInteger(fetch, 'count');
    const page = positiveInteger(fetch, 'page') ?? 1;
    const top = positiveInteger(fetch, 'top');
    if (top !== undefined && (count !== undefined || fetch.attributes.page !== undefined)) {
        throw invalid("FetchXML: 'top' cannot be combined with 'count' or 'page'.");
    }
    const filter: Condition | undefined = filters.length === 0 ? undefined : filters.length === 1 ? filters[0] : { kind: 'and', items: filters };
    return {
        table,
        format: 'fetchxml',
        select: allAttributes ? [...table.attributes.values()] : select,
        orderBy,
        ...(filter ? { filter } : {}),
        ...(top !== undefined ? { top } : {}),
        ...(isAggregate ? { aggregate } : {}),
        fetchPage: count !== undefined ? { page, count } : { page },
    };
}
