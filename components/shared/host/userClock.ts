/**
 * The user's time zone and clock from the PCF context, for ../userTime. Dataverse's personal options decide
 * both, not the browser: `userSettings.getTimeZoneOffsetMinutes(date)` gives the offset at a moment
 * (documented as "the offset in minutes from UTC"; read here as local minus UTC, e.g. +60 for Berlin in
 * winter: unverified in a live tenant, so the sign lives in this one place), and the .NET short time
 * pattern in `dateFormattingInfo` says 12 or 24 hours ("h:mm tt" or "HH:mm").
 */
import type { UserClock } from '../userTime';
import { localeForLanguage } from './controlEnvironment';

export function readUserClock<TInputs>(context: ComponentFramework.Context<TInputs>): UserClock {
    const settings = context.userSettings;
    const pattern = readShortTimePattern(settings);
    const hourCycle = pattern === undefined ? undefined : /H/.test(pattern) ? 'h23' : /h/.test(pattern) ? 'h12' : undefined;
    return {
        locale: localeForLanguage(settings.languageId),
        offsetMinutes: (date) => {
            const minutes = typeof settings.getTimeZoneOffsetMinutes === 'function' ? settings.getTimeZoneOffsetMinutes(date) : undefined;
            return typeof minutes === 'number' && Number.isFinite(minutes) ? minutes : 0;
        },
        ...(hourCycle !== undefined ? { hourCycle } : {}),
    };
}

function readShortTimePattern(settings: ComponentFramework.UserSettings): string | undefined {
    const info = settings.dateFormattingInfo as Partial<ComponentFramework.UserSettingApi.DateFormattingInfo> | undefined;
    const pattern = info?.shortTimePattern;
    return typeof pattern === 'string' && pattern.trim() !== '' ? pattern : undefined;
}
