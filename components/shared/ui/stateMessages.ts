/**
 * What each state a user can meet says, as string keys (pure, tested without React). Every control shows
 * the same words for the same state; the keys exist in every control's .resx files.
 */
import type { FailureKind, InsightsFailure } from '../failure';

/** `notAnId`: the bound column holds something that is no customer id, record id or source-system key. */
export type StateKind = FailureKind | 'noProfile' | 'noRecord' | 'notAnId';

export interface StateMessageModel {
    readonly kind: StateKind;
    readonly intent: 'info' | 'warning' | 'error';
    readonly titleKey: string;
    readonly bodyKey: string;
    /** Values for `{0}`… in the body. */
    readonly bodyArgs: readonly string[];
    /** A code the user can copy for support (unexpected errors). */
    readonly supportCode?: string;
    readonly canRetry: boolean;
}

const INTENT: Readonly<Record<StateKind, StateMessageModel['intent']>> = {
    noRecord: 'info',
    noProfile: 'info',
    notAnId: 'warning',
    notVisible: 'info',
    noPrivilege: 'warning',
    busy: 'warning',
    configuration: 'warning',
    offline: 'warning',
    network: 'warning',
    timeout: 'warning',
    unexpected: 'error',
};

/** Every state a control can show; its strings are `State_<Kind>_Title` and `State_<Kind>_Body` in every .resx. */
export const STATE_KINDS: readonly StateKind[] = ['noRecord', 'noProfile', 'notAnId', 'notVisible', 'noPrivilege', 'busy', 'configuration', 'offline', 'network', 'timeout', 'unexpected'];

/** `notVisible` → `State_NotVisible`. */
const keyOf = (kind: StateKind): string => `State_${kind.charAt(0).toUpperCase()}${kind.slice(1)}`;

export function stateMessage(kind: StateKind, bodyArgs: readonly string[] = [], supportCode?: string): StateMessageModel {
    return {
        kind,
        intent: INTENT[kind],
        titleKey: `${keyOf(kind)}_Title`,
        bodyKey: `${keyOf(kind)}_Body`,
        bodyArgs,
        ...(supportCode !== undefined ? { supportCode } : {}),
        canRetry: kind === 'unexpected' || kind === 'offline' || kind === 'network' || kind === 'timeout',
    };
}

/**
 * The message for a failed read. `propertyFor` names the maker property behind a configuration problem
 * (the offending column or table), so the message says which property to fix. `retrying`: for `busy`,
 * whether an automatic re-read is scheduled (load state `retryingAt`); when not, the message says that
 * trying stopped and offers Try again.
 */
export function failureMessage(failure: InsightsFailure, propertyFor: (offendingName: string | undefined) => string, retrying = true): StateMessageModel {
    switch (failure.kind) {
        case 'busy':
            return retrying ? stateMessage('busy') : { ...stateMessage('busy'), bodyKey: 'State_BusyStopped_Body', canRetry: true };
        case 'configuration':
            return stateMessage('configuration', [propertyFor(failure.offendingName), failure.offendingName ?? failure.message]);
        case 'unexpected':
            return stateMessage('unexpected', [], supportCodeOf(failure));
        default:
            return stateMessage(failure.kind);
    }
}

/** What support needs to find the failure: the platform code and message. Never "[object Object]". */
export function supportCodeOf(failure: InsightsFailure): string {
    return [failure.code, failure.message]
        .filter((part): part is string => typeof part === 'string' && part.trim() !== '')
        .join(' · ');
}
