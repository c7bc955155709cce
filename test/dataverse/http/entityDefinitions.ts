/**
 * `EntityDefinitions(LogicalName='x')` answers of the local Web API server, from the emulator's table
 * metadata, in the shape of the Dataverse metadata API (labels as `{ LocalizedLabels, UserLocalizedLabel }`).
 * Only what the HTTP metadata client and the tenant probe ask for: the entity's names and table type, its
 * attributes (optionally a few by name) and its many-to-one relationships.
 */
import { dataverseError, notSupported } from '../errors';
import { decodeQueryText, splitQueryOptions } from '../odata';
import { TABLES, isLookupType, type AttributeDefinition, type TableDefinition } from '../metadata';
import type { TableType } from '../platform';
import type { EntityDefinitionPart } from './request';

const ENTITY_PROPERTIES = ['MetadataId', 'LogicalName', 'SchemaName', 'EntitySetName', 'PrimaryIdAttribute', 'PrimaryNameAttribute', 'DisplayName', 'TableType', 'IsCustomEntity', 'OwnershipType', 'ObjectTypeCode'];
const ATTRIBUTE_PROPERTIES = ['MetadataId', 'LogicalName', 'SchemaName', 'DisplayName', 'AttributeType', 'AttributeTypeName', 'IsCustomAttribute'];
const RELATIONSHIP_PROPERTIES = ['MetadataId', 'SchemaName', 'ReferencedEntity', 'ReferencedAttribute', 'ReferencingEntity', 'ReferencingAttribute', 'ReferencingEntityNavigationPropertyName', 'ReferencedEntityNavigationPropertyName'];

function label(text: string): Record<string, unknown> {
    const localized = { Label: text, LanguageCode: 1033 };
    return { LocalizedLabels: [localized], UserLocalizedLabel: localized };
}

/** A stable metadata id from a name (the emulator keeps no ids for metadata). */
function metadataId(name: string): string {
    let hash = 2166136261;
    for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 16777619) >>> 0;
    const hex = hash.toString(16).padStart(8, '0');
    return `${hex}-0000-4000-8000-${hex}${hex.slice(0, 4)}`;
}

function schemaName(logicalName: string): string {
    return logicalName;
}

function entityMetadata(table: TableDefinition, tableType: TableType): Record<string, unknown> {
    return {
        MetadataId: metadataId(table.logicalName),
        LogicalName: table.logicalName,
        SchemaName: schemaName(table.logicalName),
        EntitySetName: table.entitySetName,
        PrimaryIdAttribute: table.primaryIdAttribute,
        PrimaryNameAttribute: table.primaryNameAttribute,
        DisplayName: label(table.displayName),
        TableType: tableType,
        IsCustomEntity: table.customerInsights,
        OwnershipType: table.ownership === 'BusinessUnit' ? 'BusinessOwned' : 'UserOwned',
        ObjectTypeCode: 10000 + [...TABLES.keys()].indexOf(table.logicalName),
    };
}

function attributeMetadata(table: TableDefinition, attribute: AttributeDefinition): Record<string, unknown> {
    const lookup = isLookupType(attribute.type);
    return {
        '@odata.type': `#Microsoft.Dynamics.CRM.${lookup ? 'Lookup' : attribute.type === 'Uniqueidentifier' ? 'UniqueIdentifier' : attribute.type}AttributeMetadata`,
        MetadataId: metadataId(`${table.logicalName}.${attribute.logicalName}`),
        LogicalName: attribute.logicalName,
        SchemaName: schemaName(attribute.logicalName),
        DisplayName: label(attribute.displayName),
        AttributeType: attribute.type,
        AttributeTypeName: { Value: `${attribute.type}Type` },
        IsCustomAttribute: attribute.logicalName.startsWith('msdynci_'),
        ...(attribute.targets !== undefined ? { Targets: [...attribute.targets] } : {}),
    };
}

function manyToOneRelationships(table: TableDefinition): Array<Record<string, unknown>> {
    return [...table.attributes.values()]
        .filter((attribute) => isLookupType(attribute.type))
        .flatMap((attribute) =>
            (attribute.targets ?? []).map((target) => {
                const referenced = TABLES.get(target);
                return {
                    MetadataId: metadataId(`${table.logicalName}.${attribute.logicalName}.${target}`),
                    SchemaName: `${table.logicalName}_${attribute.logicalName}_${target}`,
                    ReferencedEntity: target,
                    ReferencedAttribute: referenced?.primaryIdAttribute ?? `${target}id`,
                    ReferencingEntity: table.logicalName,
                    ReferencingAttribute: attribute.logicalName,
                    // The single-valued navigation property $expand names (Dataverse uses the lookup's schema name).
                    ReferencingEntityNavigationPropertyName: attribute.type === 'Owner' ? `${attribute.logicalName}_${target}` : attribute.logicalName,
                    ReferencedEntityNavigationPropertyName: `${table.logicalName}_${attribute.logicalName}`,
                };
            }),
        );
}

function pick(record: Record<string, unknown>, select: readonly string[] | undefined, allowed: readonly string[], type: string): Record<string, unknown> {
    if (select === undefined) return record;
    const result: Record<string, unknown> = {};
    if (record['@odata.type'] !== undefined) result['@odata.type'] = record['@odata.type'];
    for (const name of ['MetadataId', ...select]) {
        if (!allowed.includes(name)) throw dataverseError('badRequest', 400, `Could not find a property named '${name}' on type 'Microsoft.Dynamics.CRM.${type}'.`);
        if (record[name] !== undefined) result[name] = record[name];
    }
    return result;
}

interface MetadataOptions {
    readonly select?: readonly string[];
    /** `LogicalName eq 'a' or LogicalName eq 'b'` (attributes) or `ReferencingAttribute eq 'x'` (relationships). */
    readonly filter?: { readonly property: string; readonly values: readonly string[] };
    readonly expandAttributes?: MetadataOptions;
}

function parseSelect(value: string): string[] {
    return value
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name !== '');
}

/** Only the filter shape the clients send: `<Property> eq '<value>'` joined by `or`. */
function parseFilter(value: string): { property: string; values: string[] } {
    const terms = value.split(/\s+or\s+/);
    let property: string | undefined;
    const values: string[] = [];
    for (const term of terms) {
        const match = /^\s*\(?\s*([A-Za-z]+)\s+eq\s+'([^']*)'\s*\)?\s*$/.exec(term);
        if (match?.[1] === undefined || match[2] === undefined || (property !== undefined && property !== match[1])) {
            throw notSupported(`The metadata filter '${value}' is not supported by the local server: use <Property> eq '<value>' joined by or.`);
        }
        property = match[1];
        values.push(match[2]);
    }
    return { property: property ?? '', values };
}

function parseOptions(parts: ReadonlyArray<{ name: string; value: string }>): MetadataOptions {
    let options: MetadataOptions = {};
    for (const { name, value } of parts) {
        if (name === '$select') options = { ...options, select: parseSelect(value) };
        else if (name === '$filter') options = { ...options, filter: parseFilter(value) };
        else if (name === '$expand') {
            const expand = /^Attributes(?:\((.*)\))?$/.exec(value.trim());
            if (expand === null) throw notSupported(`$expand=${value} is not supported on entity metadata by the local server (only Attributes).`);
            const inner = (expand[1] ?? '')
                .split(';')
                .filter((part) => part.trim() !== '')
                .map((part) => {
                    const equals = part.indexOf('=');
                    return { name: part.slice(0, equals).trim(), value: part.slice(equals + 1) };
                });
            options = { ...options, expandAttributes: parseOptions(inner) };
        } else {
            throw notSupported(`The query option '${name}' is not supported on entity metadata by the local server.`);
        }
    }
    return options;
}

function filterBy<T extends Record<string, unknown>>(items: T[], filter: MetadataOptions['filter']): T[] {
    if (filter === undefined) return items;
    const wanted = new Set(filter.values.map((value) => value.toLowerCase()));
    return items.filter((item) => {
        const value = item[filter.property];
        return typeof value === 'string' && wanted.has(value.toLowerCase());
    });
}

/**
 * The answer to `EntityDefinitions(LogicalName='<logicalName>')[/part]?<rawQuery>`. Rejects with a
 * DataverseError (404 for an unknown table or attribute, 400 for options it does not know).
 */
export function entityDefinitionResponse(logicalName: string, part: EntityDefinitionPart | undefined, rawQuery: string, tableType: (table: TableDefinition) => TableType): Record<string, unknown> {
    const table = TABLES.get(logicalName);
    if (table === undefined) throw dataverseError('notFound', 404, `Could not find an entity with name '${logicalName}'.`);
    const options = parseOptions(splitQueryOptions(rawQuery).map((option) => ({ name: option.name, value: decodeQueryText(option.value) })));
    const attributes = (): Array<Record<string, unknown>> => [...table.attributes.values()].map((attribute) => attributeMetadata(table, attribute));

    if (part === undefined) {
        const entity = pick(entityMetadata(table, tableType(table)), options.select, ENTITY_PROPERTIES, 'EntityMetadata');
        if (options.expandAttributes !== undefined) {
            const expand = options.expandAttributes;
            entity.Attributes = filterBy(attributes(), expand.filter).map((attribute) => pick(attribute, expand.select, ATTRIBUTE_PROPERTIES, 'AttributeMetadata'));
        }
        return entity;
    }
    if (part.kind === 'attributes') {
        if (part.logicalName !== undefined) {
            const attribute = table.attributes.get(part.logicalName);
            if (attribute === undefined) throw dataverseError('notFound', 404, `Could not find an attribute with name '${part.logicalName}' on entity '${logicalName}'.`);
            return pick(attributeMetadata(table, attribute), options.select, ATTRIBUTE_PROPERTIES, 'AttributeMetadata');
        }
        return { value: filterBy(attributes(), options.filter).map((attribute) => pick(attribute, options.select, ATTRIBUTE_PROPERTIES, 'AttributeMetadata')) };
    }
    return { value: filterBy(manyToOneRelationships(table), options.filter).map((relationship) => pick(relationship, options.select, RELATIONSHIP_PROPERTIES, 'OneToManyRelationshipMetadata')) };
}
