/**
 * The record a form control sits on. PCF documents no API for it: model-driven apps put it on
 * `context.mode.contextInfo` (entityId, entityTypeName) and, in older clients, on `context.page`.
 * This is the only module that reads those undocumented fields; if the platform changes them, only this
 * changes. On a create form there is no id yet, which the controls show as "no profile".
 *
 * Platform assumption (docs/platform-assumptions.md). Source: not in @types/powerapps-component-framework;
 * `IMode.contextInfo` is documented only for the older custom control framework
 * (MicrosoftDocs/dynamics-365-customer-engagement, ce/developer/custom-control-framework/reference/imode.md),
 * and community notes call both fields unsupported. Without them a control uses its bound column, else it
 * waits for a saved record and sends nothing.
 */
export interface FormRecord {
    readonly id?: string;
    readonly table?: string;
}

interface UndocumentedContextInfo {
    readonly entityId?: unknown;
    readonly entityTypeName?: unknown;
}

export function readFormRecord<TInputs>(context: ComponentFramework.Context<TInputs>): FormRecord {
    const mode = context.mode as unknown as { contextInfo?: UndocumentedContextInfo };
    const page = (context as unknown as { page?: UndocumentedContextInfo }).page;
    const id = textOf(mode.contextInfo?.entityId) ?? textOf(page?.entityId);
    const table = textOf(mode.contextInfo?.entityTypeName) ?? textOf(page?.entityTypeName);
    return { ...(id !== undefined ? { id } : {}), ...(table !== undefined ? { table } : {}) };
}

function textOf(value: unknown): string | undefined {
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
