/**
 * OData query options ($select, $filter, $orderby, $top, $skiptoken) compiled to the emulator's Query.
 *
 * Why a hand-written $filter parser: @odata/parser 0.2.14 was evaluated and does not fit. It rejects
 * Dataverse's collection syntax `Microsoft.Dynamics.CRM.In(PropertyName='x',PropertyValues=['a','b'])`,
 * rejects `not(...)` without a space, and ACCEPTS an unterminated literal such as `name eq 'x''` (quote
 * escaping is exactly what the core's query builder relies on), and its AST is untyped. The subset Dataverse
 * supports is small, so a tokenizer plus recursive descent (below) is short and strict: everything it does
 * not know is a 400 naming the unsupported construct.
 *
 * Grammar: or := and ('or' and)* ; and := unary ('and' unary)* ; unary := 'not' unary | primary ;
 * primary := '(' or ')' | function '(' args ')' | property op literal.
 */
import { normaliseGuid } from './determinism';
import { dataverseError, notSupported, unknownProperty } from './errors';
import { attributeByWebApiName, TABLES, type AttributeDefinition, type TableDefinition } from './metadata';
import { comparableFromText, edmType, isStringAttribute, literalMatch, type Comparable, type CompareOperator, type Condition, type ExpandItem, type OrderItem, type Query } from './query';

/** Where the next page starts, carried in the nextLink's $skiptoken. */
export interface PagingToken {
    /** Position in the candidate sequence (storage order) or in the sorted result. */
    readonly next: number;
    /** Rows returned so far (for $top). */
    readonly returned: number;
    readonly page: number;
}

export interface ODataRequest {
    readonly query: Query;
    readonly token?: PagingToken;
    /** The options as given, without the leading '?' and without $skiptoken: the base of the nextLink. */
    readonly baseOptions: string;
}

/** Decodes valid %XX runs and leaves anything else (e.g. an unencoded `50%_off`) as typed. */
export function decodeQueryText(text: string): string {
    return text.replace(/(%[0-9a-fA-F]{2})+/g, (run) => {
        try {
            return decodeURIComponent(run);
        } catch {
            return run;
        }
    });
}

/**
 * Splits `a=1&b='x&y'` at top-level ampersands: not inside a quoted OData literal ('...', '' is a quote) and
 * not inside a JSON string ("...", backslash escapes), the two kinds of quoted text a Dataverse query carries.
 * Quotes count as typed or percent-encoded (`%27`, `%22`, as a client's encoding leaves them), and each kind
 * of quote is plain text inside the other: a JSON string may hold an apostrophe (`%22O'Brian%22`, since
 * encodeURIComponent keeps `'`), an OData literal a double quote (`'%22'`).
 */
export function splitQueryOptions(text: string): Array<{ name: string; value: string; raw: string }> {
    const parts: string[] = [];
    let quote: 'none' | 'single' | 'double' = 'none';
    let start = 0;
    const quoteAt = (at: number, mark: string, encoded: string): number => (text.charAt(at) === mark ? 1 : text.slice(at, at + 3).toUpperCase() === encoded ? 3 : 0);
    const single = (at: number): number => quoteAt(at, "'", '%27');
    const double = (at: number): number => quoteAt(at, '"', '%22');
    for (let i = 0; i < text.length; i++) {
        const char = text.charAt(i);
        if (quote === 'single') {
            const width = single(i);
            if (width > 0) {
                quote = 'none';
                i += width - 1;
            }
            continue;
        }
        if (quote === 'double') {
            if (char === '\\') {
                i++;
            } else if (text.slice(i, i + 3).toUpperCase() === '%5C') {
                i += 2 + (double(i + 3) || single(i + 3) || 1);
            } else {
                const width = double(i);
                if (width > 0) {
                    quote = 'none';
                    i += width - 1;
                }
            }
            continue;
        }
        const doubleWidth = double(i);
        const singleWidth = single(i);
        if (doubleWidth > 0) {
            quote = 'double';
            i += doubleWidth - 1;
        } else if (singleWidth > 0) {
            quote = 'single';
            i += singleWidth - 1;
        } else if (char === '&') {
            parts.push(text.slice(start, i));
            start = i + 1;
        }
    }
    parts.push(text.slice(start));
    return parts
        .filter((part) => part.length > 0)
        .map((raw) => {
            const equals = raw.indexOf('=');
            const name = decodeQueryText(equals === -1 ? raw : raw.slice(0, equals)).trim();
            const value = equals === -1 ? '' : raw.slice(equals + 1);
            return { name, value, raw };
        });
}

export function encodePagingToken(token: PagingToken): string {
    return encodeURIComponent(`<cookie pagenumber="${token.page}" next="${token.next}" returned="${token.returned}" />`);
}

function decodePagingToken(text: string): PagingToken {
    const match = /^<cookie pagenumber="(\d+)" next="(\d+)" returned="(\d+)" \/>$/.exec(decodeQueryText(text));
    if (match?.[1] === undefined || match[2] === undefined || match[3] === undefined) {
        throw dataverseError('badRequest', 400, `Invalid $skiptoken '${text}': pass the nextLink back unchanged.`);
    }
    return { page: Number(match[1]), next: Number(match[2]), returned: Number(match[3]) };
}

// ---- $filter tokenizer --------------------------------------------------------------------------------

/**
 * `jsonString`: a double-quoted JSON string, only valid as an element of a value list (`In` PropertyValues).
 * `alias`: a parameter alias (`@p1`), replaced by the tokens of its value before parsing.
 */
type TokenKind = '(' | ')' | ',' | '[' | ']' | '=' | 'string' | 'jsonString' | 'number' | 'guid' | 'datetime' | 'identifier' | 'alias' | 'end';

interface Token {
    readonly kind: TokenKind;
    readonly text: string;
    readonly position: number;
    /** Unescaped text of a string literal. */
    readonly value?: string;
}

const GUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w-])/;
const DATETIME_PATTERN = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?(?![\w:.-])/;
const NUMBER_PATTERN = /^-?\d+(\.\d+)?([eE][+-]?\d+)?(?![\w.])/;
const IDENTIFIER_PATTERN = /^[A-Za-z_][\w.]*/;
const ALIAS_PATTERN = /^@[A-Za-z_]\w*/;

function syntaxError(filter: string, position: number): Error {
    return dataverseError('badRequest', 400, `Syntax error at position ${position} in '${filter}'.`);
}

function tokenize(filter: string): Token[] {
    const tokens: Token[] = [];
    let i = 0;
    while (i < filter.length) {
        const char = filter.charAt(i);
        if (/\s/.test(char)) {
            i++;
            continue;
        }
        if ('(),[]='.includes(char)) {
            tokens.push({ kind: char as TokenKind, text: char, position: i });
            i++;
            continue;
        }
        if (char === "'") {
            // '' inside a literal is one quote; a lone quote ends it.
            let value = '';
            let j = i + 1;
            for (;;) {
                if (j >= filter.length) {
                    throw dataverseError('badRequest', 400, `Syntax error: unterminated string literal at position ${i} in '${filter}'.`);
                }
                const c = filter.charAt(j);
                if (c === "'") {
                    if (filter.charAt(j + 1) === "'") {
                        value += "'";
                        j += 2;
                        continue;
                    }
                    break;
                }
                value += c;
                j++;
            }
            tokens.push({ kind: 'string', text: filter.slice(i, j + 1), position: i, value });
            i = j + 1;
            continue;
        }
        if (char === '"') {
            // A JSON string (backslash escapes), as Dataverse documents for In's PropertyValues.
            let j = i + 1;
            while (j < filter.length && filter.charAt(j) !== '"') j += filter.charAt(j) === '\\' ? 2 : 1;
            if (j >= filter.length) {
                throw dataverseError('badRequest', 400, `Invalid JSON. Unterminated string at position ${i} in '${filter}'.`);
            }
            const text = filter.slice(i, j + 1);
            let value: unknown;
            try {
                value = JSON.parse(text);
            } catch {
                throw dataverseError('badRequest', 400, `Invalid JSON. Bad string ${text} at position ${i}.`);
            }
            tokens.push({ kind: 'jsonString', text, position: i, value: String(value) });
            i = j + 1;
            continue;
        }
        const rest = filter.slice(i);
        const guid = GUID_PATTERN.exec(rest);
        if (guid) {
            tokens.push({ kind: 'guid', text: guid[0], position: i });
            i += guid[0].length;
            continue;
        }
        const datetime = DATETIME_PATTERN.exec(rest);
        if (datetime) {
            tokens.push({ kind: 'datetime', text: datetime[0], position: i });
            i += datetime[0].length;
            continue;
        }
        const number = NUMBER_PATTERN.exec(rest);
        if (number) {
            tokens.push({ kind: 'number', text: number[0], position: i });
            i += number[0].length;
            continue;
        }
        const identifier = IDENTIFIER_PATTERN.exec(rest);
        if (identifier) {
            tokens.push({ kind: 'identifier', text: identifier[0], position: i });
            i += identifier[0].length;
            continue;
        }
        const alias = ALIAS_PATTERN.exec(rest);
        if (alias) {
            tokens.push({ kind: 'alias', text: alias[0], position: i });
            i += alias[0].length;
            continue;
        }
        throw syntaxError(filter, i);
    }
    tokens.push({ kind: 'end', text: '', position: filter.length });
    return tokens;
}

// ---- $filter parser -----------------------------------------------------------------------------------

const COMPARISON_OPERATORS: Readonly<Record<string, { operator: CompareOperator; kind: string }>> = {
    eq: { operator: 'eq', kind: 'Equal' },
    ne: { operator: 'ne', kind: 'NotEqual' },
    gt: { operator: 'gt', kind: 'GreaterThan' },
    ge: { operator: 'ge', kind: 'GreaterThanOrEqual' },
    lt: { operator: 'lt', kind: 'LessThan' },
    le: { operator: 'le', kind: 'LessThanOrEqual' },
};
const UNSUPPORTED_OPERATORS = new Set(['has', 'add', 'sub', 'mul', 'div', 'mod', 'in']);
const STRING_FUNCTIONS = new Set(['contains', 'startswith', 'endswith']);
const CRM_NAMESPACE = 'Microsoft.Dynamics.CRM.';

type FunctionArgument = { readonly kind: 'literal'; readonly token: Token } | { readonly kind: 'list'; readonly tokens: readonly Token[] };

class FilterParser {
    private readonly tokens: Token[];
    private index = 0;

    constructor(
        private readonly filter: string,
        private readonly table: TableDefinition,
        aliases: ReadonlyMap<string, string> = new Map(),
    ) {
        this.tokens = expandAliases(tokenize(filter), aliases);
    }

    parse(): Condition {
        const condition = this.parseOr();
        if (this.peek().kind !== 'end') {
            throw syntaxError(this.filter, this.peek().position);
        }
        return condition;
    }

    private peek(): Token {
        return this.tokens[this.index] ?? { kind: 'end', text: '', position: this.filter.length };
    }

    private next(): Token {
        const token = this.peek();
        this.index++;
        return token;
    }

    private expect(kind: TokenKind): Token {
        const token = this.next();
        if (token.kind !== kind) {
            throw syntaxError(this.filter, token.position);
        }
        return token;
    }

    private isKeyword(word: string): boolean {
        const token = this.peek();
        return token.kind === 'identifier' && token.text === word;
    }

    private parseOr(): Condition {
        const items = [this.parseAnd()];
        while (this.isKeyword('or')) {
            this.next();
            items.push(this.parseAnd());
        }
        return items.length === 1 && items[0] ? items[0] : { kind: 'or', items };
    }

    private parseAnd(): Condition {
        const items = [this.parseUnary()];
        while (this.isKeyword('and')) {
            this.next();
            items.push(this.parseUnary());
        }
        return items.length === 1 && items[0] ? items[0] : { kind: 'and', items };
    }

    private parseUnary(): Condition {
        if (this.isKeyword('not')) {
            this.next();
            return { kind: 'not', item: this.parseUnary() };
        }
        return this.parsePrimary();
    }

    private parsePrimary(): Condition {
        const token = this.next();
        if (token.kind === '(') {
            const inner = this.parseOr();
            this.expect(')');
            return inner;
        }
        if (token.kind !== 'identifier') {
            if (token.kind === 'end') {
                throw syntaxError(this.filter, token.position);
            }
            throw notSupported(`The left operand at position ${token.position} in '${this.filter}' must be a property name; comparisons with a literal on the left are not supported.`);
        }
        if (this.peek().kind === '(') {
            const condition = this.parseFunction(token);
            const after = this.peek();
            if (after.kind === 'identifier' && COMPARISON_OPERATORS[after.text] !== undefined) {
                throw notSupported(`Comparing the result of '${token.text}' with '${after.text}' is not supported; use the function as a condition.`);
            }
            return condition;
        }
        if (token.text === 'true' || token.text === 'false' || token.text === 'null') {
            throw notSupported(`The left operand '${token.text}' at position ${token.position} must be a property name.`);
        }
        return this.parseComparison(token);
    }

    private property(name: string): AttributeDefinition {
        const attribute = attributeByWebApiName(this.table, name);
        if (attribute === undefined) {
            throw unknownProperty(name, this.table.logicalName);
        }
        return attribute;
    }

    private parseComparison(propertyToken: Token): Condition {
        if (propertyToken.text.includes('.')) {
            throw notSupported(`Navigation or qualified property '${propertyToken.text}' is not supported in $filter.`);
        }
        const attribute = this.property(propertyToken.text);
        const operatorToken = this.next();
        if (operatorToken.kind === 'identifier' && UNSUPPORTED_OPERATORS.has(operatorToken.text)) {
            throw notSupported(`The operator '${operatorToken.text}' is not supported.`);
        }
        const operator = operatorToken.kind === 'identifier' ? COMPARISON_OPERATORS[operatorToken.text] : undefined;
        if (operator === undefined) {
            throw syntaxError(this.filter, operatorToken.position);
        }
        const literal = this.next();
        if (literal.kind === 'identifier' && literal.text === 'null') {
            if (operator.operator === 'eq' || operator.operator === 'ne') {
                return { kind: 'null', attribute, isNull: operator.operator === 'eq' };
            }
            throw notSupported(`The operator '${operator.operator}' cannot compare with null.`);
        }
        if (literal.kind === 'identifier' && literal.text !== 'true' && literal.text !== 'false') {
            throw notSupported(`Comparing two properties ('${attribute.logicalName}' and '${literal.text}') is not supported.`);
        }
        return { kind: 'compare', attribute, operator: operator.operator, value: this.literalFor(attribute, literal, operator.kind) };
    }

    /** Checks the literal's Edm type against the column's, as the platform does, and coerces it. */
    private literalFor(attribute: AttributeDefinition, literal: Token, operatorKind: string): Comparable {
        const literalType =
            literal.kind === 'string'
                ? 'Edm.String'
                : literal.kind === 'guid'
                  ? 'Edm.Guid'
                  : literal.kind === 'datetime'
                    ? 'Edm.DateTimeOffset'
                    : literal.kind === 'number'
                      ? /[.eE]/.test(literal.text)
                          ? 'Edm.Decimal'
                          : 'Edm.Int32'
                      : literal.kind === 'identifier'
                        ? 'Edm.Boolean'
                        : undefined;
        if (literalType === undefined) {
            throw syntaxError(this.filter, literal.position);
        }
        const columnType = edmType(attribute);
        const numeric = (type: string): boolean => type === 'Edm.Int32' || type === 'Edm.Decimal';
        const compatible = columnType === literalType || (numeric(columnType) && numeric(literalType));
        if (!compatible) {
            throw dataverseError(
                'badRequest',
                400,
                `A binary operator with incompatible types was detected. Found operand types '${columnType}' and '${literalType}' for operator kind '${operatorKind}'.`,
            );
        }
        return comparableFromText(attribute, literal.kind === 'string' ? (literal.value ?? '') : literal.text, this.table);
    }

    private parseArguments(): FunctionArgument[] {
        this.expect('(');
        const args: FunctionArgument[] = [];
        if (this.peek().kind === ')') {
            this.next();
            return args;
        }
        for (;;) {
            args.push(this.parseArgument());
            const separator = this.next();
            if (separator.kind === ')') {
                return args;
            }
            if (separator.kind !== ',') {
                throw syntaxError(this.filter, separator.position);
            }
        }
    }

    private parseArgument(): FunctionArgument {
        if (this.peek().kind === '[') {
            this.next();
            const tokens: Token[] = [];
            if (this.peek().kind === ']') {
                this.next();
                return { kind: 'list', tokens };
            }
            for (;;) {
                tokens.push(this.next());
                const separator = this.next();
                if (separator.kind === ']') {
                    return { kind: 'list', tokens };
                }
                if (separator.kind !== ',') {
                    throw syntaxError(this.filter, separator.position);
                }
            }
        }
        return { kind: 'literal', token: this.next() };
    }

    private parseFunction(name: Token): Condition {
        if (STRING_FUNCTIONS.has(name.text)) {
            return this.parseStringFunction(name.text as 'contains' | 'startswith' | 'endswith');
        }
        if (name.text.startsWith(CRM_NAMESPACE)) {
            return this.parseCrmFunction(name);
        }
        throw notSupported(`The function '${name.text}' is not supported. Supported: contains, startswith, endswith and Microsoft.Dynamics.CRM.In, NotIn, EqualBusinessId, NotBusinessId, Under, UnderOrEqual, NotUnder.`);
    }

    private parseStringFunction(mode: 'contains' | 'startswith' | 'endswith'): Condition {
        const args = this.parseArguments();
        const [propertyArgument, valueArgument] = args;
        if (args.length !== 2 || propertyArgument?.kind !== 'literal' || valueArgument?.kind !== 'literal' || propertyArgument.token.kind !== 'identifier') {
            throw dataverseError('badRequest', 400, `'${mode}' takes a property and a string literal, in '${this.filter}'.`);
        }
        const attribute = this.property(propertyArgument.token.text);
        if (!isStringAttribute(attribute) || valueArgument.token.kind !== 'string') {
            throw dataverseError('badRequest', 400, `No function signature for the function with name '${mode}' matches the specified arguments (${edmType(attribute)}, ${valueArgument.token.kind}).`);
        }
        return literalMatch(attribute, mode, valueArgument.token.value ?? '');
    }

    private parseCrmFunction(name: Token): Condition {
        const functionName = name.text.slice(CRM_NAMESPACE.length);
        // Dataverse function parameters are named: Name=value pairs.
        this.expect('(');
        const parameters = new Map<string, FunctionArgument>();
        if (this.peek().kind !== ')') {
            for (;;) {
                const parameterName = this.expect('identifier');
                this.expect('=');
                parameters.set(parameterName.text, this.parseArgument());
                const separator = this.next();
                if (separator.kind === ')') {
                    break;
                }
                if (separator.kind !== ',') {
                    throw syntaxError(this.filter, separator.position);
                }
            }
        } else {
            this.next();
        }
        const text = (parameter: string): string => {
            const argument = parameters.get(parameter);
            if (argument?.kind !== 'literal' || argument.token.kind !== 'string') {
                throw dataverseError('badRequest', 400, `${name.text} requires the string parameter ${parameter}.`);
            }
            return argument.token.value ?? '';
        };
        const attributeOf = (logicalName: string): AttributeDefinition => {
            const attribute = this.table.attributes.get(logicalName);
            if (attribute === undefined) {
                throw unknownProperty(logicalName, this.table.logicalName);
            }
            return attribute;
        };
        const hierarchical = (attribute: AttributeDefinition): AttributeDefinition => {
            const isBusinessUnitReference = attribute.targets?.includes('businessunit') === true || (this.table.logicalName === 'businessunit' && attribute.type === 'Uniqueidentifier');
            if (!isBusinessUnitReference) {
                throw notSupported(`${name.text} needs a column referencing the hierarchical table businessunit; '${attribute.logicalName}' is not one.`);
            }
            return attribute;
        };
        switch (functionName) {
            case 'In':
            case 'NotIn': {
                const attribute = attributeOf(text('PropertyName'));
                const values = parameters.get('PropertyValues');
                if (values?.kind !== 'list' || values.tokens.some((token) => token.kind !== 'string' && token.kind !== 'jsonString')) {
                    throw dataverseError('badRequest', 400, `${name.text} requires PropertyValues as a list of string literals, e.g. ["a","b"].`);
                }
                const condition: Condition = { kind: 'in', attribute, values: values.tokens.map((token) => comparableFromText(attribute, token.value ?? '', this.table)) };
                return functionName === 'In' ? condition : { kind: 'not', item: condition };
            }
            case 'EqualBusinessId':
            case 'NotBusinessId': {
                const condition: Condition = { kind: 'hierarchy', attribute: hierarchical(attributeOf(text('PropertyName'))), operator: 'eq-businessid' };
                return functionName === 'EqualBusinessId' ? condition : { kind: 'not', item: condition };
            }
            case 'Under':
            case 'UnderOrEqual':
            case 'NotUnder': {
                const attribute = hierarchical(attributeOf(text('PropertyName')));
                const value = text('PropertyValue');
                const businessUnitId = normaliseGuid(value);
                if (businessUnitId === undefined) {
                    throw dataverseError('badRequest', 400, `${name.text}: PropertyValue '${value}' is not a GUID.`);
                }
                const condition: Condition = { kind: 'hierarchy', attribute, operator: functionName === 'UnderOrEqual' ? 'eq-or-under' : 'under', businessUnitId };
                return functionName === 'NotUnder' ? { kind: 'not', item: condition } : condition;
            }
            default:
                throw notSupported(`The function '${name.text}' is not supported by the emulator.`);
        }
    }
}

/**
 * Parameter aliases as Dataverse documents them for `Microsoft.Dynamics.CRM.In`:
 * `$filter=Microsoft.Dynamics.CRM.In(PropertyName=@p1,PropertyValues=@p2)&@p1='lastname'&@p2=["a","b"]`.
 * An alias stands for a value (a literal or a value list) wherever one may appear; its text is tokenized on
 * its own, so an alias cannot close a parenthesis or inject an operator. An alias that is used but not
 * given is a 400, like the platform's; one given but not used is ignored.
 */
function expandAliases(tokens: readonly Token[], aliases: ReadonlyMap<string, string>): Token[] {
    const expanded: Token[] = [];
    for (const token of tokens) {
        if (token.kind !== 'alias') {
            expanded.push(token);
            continue;
        }
        const text = aliases.get(token.text);
        if (text === undefined) {
            throw dataverseError('badRequest', 400, `The parameter alias '${token.text}' is used in the query but no value was given for it.`);
        }
        const valueTokens = tokenize(text).filter((valueToken) => valueToken.kind !== 'end');
        const isList = valueTokens[0]?.kind === '[' && valueTokens[valueTokens.length - 1]?.kind === ']';
        const literalKinds: readonly TokenKind[] = ['string', 'jsonString', 'number', 'guid', 'datetime', 'identifier'];
        const isLiteral = valueTokens.length === 1 && literalKinds.includes(valueTokens[0]?.kind ?? 'end');
        if (!isList && !isLiteral) {
            throw dataverseError('badRequest', 400, `The value of the parameter alias '${token.text}' must be a literal or a list of literals, got '${text}'.`);
        }
        if (isList && valueTokens.slice(1, -1).some((valueToken) => !literalKinds.includes(valueToken.kind) && valueToken.kind !== ',')) {
            throw dataverseError('badRequest', 400, `The list of the parameter alias '${token.text}' may only hold literals, got '${text}'.`);
        }
        expanded.push(...valueTokens);
    }
    return expanded;
}

export function parseFilter(filter: string, table: TableDefinition, aliases: ReadonlyMap<string, string> = new Map()): Condition {
    return new FilterParser(filter, table, aliases).parse();
}

function parseSelect(value: string, table: TableDefinition): AttributeDefinition[] {
    const names = value.split(',').map((name) => name.trim());
    if (names.some((name) => name.length === 0)) {
        throw dataverseError('badRequest', 400, `Invalid $select '${value}'.`);
    }
    return names.map((name) => {
        if (name === '*') {
            throw notSupported('$select=* is not supported by the emulator: name the columns you read.');
        }
        const attribute = attributeByWebApiName(table, name);
        if (attribute === undefined) {
            throw unknownProperty(name, table.logicalName);
        }
        return attribute;
    });
}

function parseOrderBy(value: string, table: TableDefinition): OrderItem[] {
    return value.split(',').map((item) => {
        const match = /^\s*([A-Za-z_][\w]*)(?:\s+(asc|desc))?\s*$/.exec(item);
        if (match?.[1] === undefined) {
            throw dataverseError('badRequest', 400, `Invalid $orderby item '${item}'.`);
        }
        const attribute = attributeByWebApiName(table, match[1]);
        if (attribute === undefined) {
            throw unknownProperty(match[1], table.logicalName);
        }
        return { attribute, descending: match[2] === 'desc' };
    });
}

const UNSUPPORTED_OPTIONS: Readonly<Record<string, string>> = {
    $expand: 'The emulator does not support $expand: query each table separately (Customer Insights tables may be elastic tables, where $expand is limited).',
    $skip: 'The query parameter $skip is not supported: follow nextLink.',
    $count: 'The query option $count is not supported by the emulator.',
    $apply: 'The query option $apply is not supported by the emulator: use FetchXML aggregates.',
    $search: 'The query option $search is not supported.',
    $compute: 'The query option $compute is not supported.',
    $levels: 'The query option $levels is not supported.',
    $format: 'The query option $format is not supported by the emulator.',
};

/**
 * `$expand=<lookup>($select=a,b)[,...]`: single-valued navigation properties (lookups, by logical name) with
 * the related row's columns named. Collections, nesting and other options are refused.
 */
function parseExpand(value: string, table: TableDefinition): ExpandItem[] {
    const items: string[] = [];
    let depth = 0;
    let start = 0;
    for (let i = 0; i < value.length; i++) {
        const char = value.charAt(i);
        if (char === '(') depth++;
        else if (char === ')') depth--;
        else if (char === ',' && depth === 0) {
            items.push(value.slice(start, i));
            start = i + 1;
        }
    }
    items.push(value.slice(start));
    return items.map((item) => {
        const match = /^\s*([A-Za-z_]\w*)\s*(?:\((.*)\))?\s*$/.exec(item);
        const name = match?.[1];
        if (name === undefined) throw dataverseError('badRequest', 400, `Invalid $expand item '${item}'.`);
        const attribute = table.attributes.get(name);
        const target = attribute?.type === 'Lookup' ? TABLES.get(attribute.targets?.[0] ?? '') : undefined;
        if (attribute === undefined || target === undefined) throw unknownProperty(name, table.logicalName);
        const inner = (match?.[2] ?? '').trim();
        const select = /^\$select=(.+)$/.exec(inner)?.[1];
        if (select === undefined) throw notSupported(`$expand=${name} needs exactly one nested option, $select: name the columns of the related row.`);
        return { navigationProperty: name, attribute, target, select: parseSelect(select, target) };
    });
}

export interface ODataParseSettings {
    /** Whether `$expand` of lookups is accepted (the platform behaviour `expandLookups`). */
    readonly expand?: boolean;
}

/**
 * Parses `$select=...&$filter=...` (without the leading '?'). `$select` is required: a query without it
 * returns every column on the platform and breaks on tenant schema differences.
 */
export function parseODataOptions(table: TableDefinition, options: string, purpose: 'retrieveMultipleRecords' | 'retrieveRecord', settings: ODataParseSettings = {}): ODataRequest {
    let select: AttributeDefinition[] | undefined;
    let filter: Condition | undefined;
    let orderBy: OrderItem[] = [];
    let top: number | undefined;
    let token: PagingToken | undefined;
    let expand: ExpandItem[] | undefined;
    const kept: string[] = [];
    const seen = new Set<string>();
    const parsed = splitQueryOptions(options);
    // Parameter aliases (`@p1=...`) may follow the option that uses them: collect them first.
    const aliases = new Map<string, string>();
    for (const { name, value } of parsed) {
        if (!name.startsWith('@')) continue;
        if (!ALIAS_PATTERN.test(name) || ALIAS_PATTERN.exec(name)?.[0] !== name) {
            throw dataverseError('badRequest', 400, `Invalid parameter alias name '${name}'.`);
        }
        aliases.set(name, decodeQueryText(value));
    }
    for (const { name, value, raw } of parsed) {
        if (seen.has(name)) {
            throw dataverseError('badRequest', 400, `Query option '${name}' was specified more than once.`);
        }
        seen.add(name);
        if (name !== '$skiptoken') {
            kept.push(raw);
        }
        if (name.startsWith('@')) {
            continue;
        }
        const decoded = decodeQueryText(value);
        switch (name) {
            case '$select':
                select = parseSelect(decoded, table);
                break;
            case '$filter':
                if (purpose === 'retrieveRecord') {
                    throw notSupported('$filter is not supported when retrieving a single record.');
                }
                filter = parseFilter(decoded, table, aliases);
                break;
            case '$orderby':
                if (purpose === 'retrieveRecord') {
                    throw notSupported('$orderby is not supported when retrieving a single record.');
                }
                orderBy = parseOrderBy(decoded, table);
                break;
            case '$top':
                if (!/^\d+$/.test(decoded.trim()) || Number(decoded) <= 0) {
                    throw dataverseError('badRequest', 400, `Invalid value '${decoded}' for $top: a positive integer is required.`);
                }
                top = Number(decoded);
                break;
            case '$skiptoken':
                token = decodePagingToken(value);
                break;
            case '$expand':
                if (settings.expand !== true) throw notSupported(UNSUPPORTED_OPTIONS.$expand ?? '$expand is not supported.');
                expand = parseExpand(decoded, table);
                break;
            default:
                throw notSupported(UNSUPPORTED_OPTIONS[name] ?? `The query option '${name}' is not supported by the emulator.`);
        }
    }
    if (select === undefined) {
        throw notSupported(`The emulator requires $select on every query (${table.logicalName}): name the columns you read.`);
    }
    const query: Query = { table, format: 'odata', select, orderBy, ...(filter ? { filter } : {}), ...(top !== undefined ? { top } : {}), ...(expand !== undefined ? { expand } : {}) };
    return { query, baseOptions: kept.join('&'), ...(token ? { token } : {}) };
}
