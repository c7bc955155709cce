/**
 * The manifest properties every form control shares (how to find the customer's profile, which business
 * units to show), read into the core's types. Structural types, so shared code never imports one control's
 * generated ManifestTypes.
 */
import type { BusinessUnitScope, ProfileLinkSettings, ProfileRequest } from '../index';
import type { FormRecord } from './formRecord';
import { textInput } from './inputValues';

type Text = ComponentFramework.PropertyTypes.StringProperty;

export interface ProfileLinkParameters {
    readonly customerReference: Text;
    readonly profileLookup?: ComponentFramework.PropertyTypes.LookupProperty;
    readonly useProfileLookup?: ComponentFramework.PropertyTypes.EnumProperty<'yes' | 'no'>;
    readonly useAlternateKeys?: ComponentFramework.PropertyTypes.EnumProperty<'yes' | 'no'>;
    readonly alternateKeyTable?: Text;
    readonly alternateKeyDataSource?: Text;
    readonly profileKeyColumn?: Text;
    readonly readProfileWithRecord?: ComponentFramework.PropertyTypes.EnumProperty<'yes' | 'no'>;
    readonly businessUnitScope?: ComponentFramework.PropertyTypes.EnumProperty<BusinessUnitScope>;
}

export interface ProfileInputs {
    readonly request: ProfileRequest;
    readonly links: ProfileLinkSettings;
    readonly scope: BusinessUnitScope;
    /** Changes exactly when what the control must read changes (starts a new read). */
    readonly key: string;
    /**
     * The bound column's display name (the platform's `attributes.DisplayName` of a bound property), else
     * `fallbackColumnName`: names the column when its value is no id.
     */
    readonly referenceColumn: string;
}

const SCOPES: readonly BusinessUnitScope[] = ['all', 'businessUnit', 'businessUnitAndChildren'];


export function readProfileInputs(parameters: ProfileLinkParameters, record: FormRecord, fallbackColumnName = ''): ProfileInputs {
    // The bound column holds a customer id, a record id or a source-system key; empty means "this form's
    // record". The core decides which (and says when it is none of them).
    const reference = textInput(parameters.customerReference);
    const displayName = parameters.customerReference?.attributes?.DisplayName;
    const referenceColumn = typeof displayName === 'string' && displayName.trim() !== '' ? displayName.trim() : fallbackColumnName;
    const lookupId = parameters.profileLookup?.raw?.[0]?.id;
    const alternateKeyTable = textInput(parameters.alternateKeyTable);
    const dataSource = textInput(parameters.alternateKeyDataSource);
    const profileKeyColumn = textInput(parameters.profileKeyColumn);
    const scopeValue = parameters.businessUnitScope?.raw;
    const scope = scopeValue !== undefined && SCOPES.includes(scopeValue) ? scopeValue : 'all';
    const request: ProfileRequest = {
        recordId: reference ?? record.id ?? null,
        profileLookupId: lookupId ?? null,
    };
    const links: ProfileLinkSettings = {
        useRecordLookup: parameters.useProfileLookup?.raw !== 'no',
        useAlternateKeys: parameters.useAlternateKeys?.raw !== 'no',
        ...(record.table !== undefined && reference === undefined ? { recordTable: record.table } : {}),
        ...(alternateKeyTable !== undefined ? { alternateKeyEntityName: alternateKeyTable } : {}),
        ...(dataSource !== undefined ? { alternateKeyDataSourceName: dataSource } : {}),
        ...(profileKeyColumn !== undefined ? { profileKeyColumn } : {}),
        ...(parameters.readProfileWithRecord?.raw === 'yes' ? { readProfileWithRecord: true } : {}),
    };
    return { request, links, scope, key: JSON.stringify([request, links, scope]), referenceColumn };
}
