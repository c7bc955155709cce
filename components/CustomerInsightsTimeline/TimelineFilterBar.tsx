/** @jsx h */
import * as React from 'react';
import { h } from '../shared/ui/jsx';
import { Button, Field, Input, Select, ToggleButton, makeStyles } from '@fluentui/react-components';
import { tokens } from '../shared/ui/tokens';
import type { StringLookup } from '../shared/host/controlEnvironment';
import type { DatePreset } from '../shared/userTime';
import { ActivityIcon } from './activityIcons';
import type { TypeChip } from './activityTypes';
import { isFiltered, MAX_SEARCH_LENGTH, NO_FILTERS, type TimelineFilters } from './timelineFilters';

export interface TimelineFilterBarProps {
    readonly filters: TimelineFilters;
    readonly chips: readonly TypeChip[];
    readonly strings: StringLookup;
    /** The applied custom range was not a range. */
    readonly invalidRange: boolean;
    /** Applies filters: the list starts over with one request. */
    readonly onChange: (filters: TimelineFilters) => void;
}

/** Preset labels (literal keys, so the strings test checks each exists). */
const PRESET_KEYS: Readonly<Record<DatePreset, string>> = {
    any: 'Timeline_Date_Any',
    last7Days: 'Timeline_Date_Last7Days',
    last30Days: 'Timeline_Date_Last30Days',
    last90Days: 'Timeline_Date_Last90Days',
    last12Months: 'Timeline_Date_Last12Months',
    custom: 'Timeline_Date_Custom',
};
const PRESETS = Object.keys(PRESET_KEYS) as DatePreset[];

const useStyles = makeStyles({
    bar: {
        display: 'flex',
        flexDirection: 'column',
        rowGap: tokens.spacingVerticalS,
    },
    chips: {
        display: 'flex',
        flexWrap: 'wrap',
        columnGap: tokens.spacingHorizontalXS,
        rowGap: tokens.spacingVerticalXS,
    },
    row: {
        display: 'flex',
        flexWrap: 'wrap',
        alignItems: 'flex-end',
        columnGap: tokens.spacingHorizontalS,
        rowGap: tokens.spacingVerticalXS,
    },
    field: {
        minWidth: '0',
        flexGrow: 1,
        flexBasis: '10rem',
    },
    date: {
        minWidth: '0',
        flexGrow: 0,
        flexBasis: '10rem',
    },
});

/** Type chips, a date preset or custom range, and a title search; every change is applied on the server. */
export const TimelineFilterBar: React.FC<TimelineFilterBarProps> = ({ filters, chips, strings, invalidRange, onChange }) => {
    const styles = useStyles();
    const [search, setSearch] = React.useState(filters.search);
    const [preset, setPreset] = React.useState<DatePreset>(filters.preset);
    const [from, setFrom] = React.useState(filters.from);
    const [to, setTo] = React.useState(filters.to);

    // Applied filters win over drafts when they change (e.g. "Clear filters").
    React.useEffect(() => {
        setSearch(filters.search);
        setPreset(filters.preset);
        setFrom(filters.from);
        setTo(filters.to);
    }, [filters]);

    const toggle = (type: string): void => {
        const selected = filters.types.some((t) => t.toLowerCase() === type.toLowerCase());
        onChange({ ...filters, types: selected ? filters.types.filter((t) => t.toLowerCase() !== type.toLowerCase()) : [...filters.types, type] });
    };
    const choosePreset = (value: DatePreset): void => {
        setPreset(value);
        // A custom range waits for its dates; a preset applies at once.
        if (value !== 'custom') onChange({ ...filters, preset: value, from: '', to: '' });
    };
    const applyRange = (event: React.FormEvent): void => {
        event.preventDefault();
        onChange({ ...filters, preset: 'custom', from, to });
    };
    const applySearch = (event: React.FormEvent): void => {
        event.preventDefault();
        if (search.trim() !== filters.search.trim()) onChange({ ...filters, search: search.trim() });
    };
    const changeSearch = (value: string): void => {
        setSearch(value);
        // Emptying the box (also its clear button) shows everything again at once.
        if (value === '' && filters.search !== '') onChange({ ...filters, search: '' });
    };

    return (
        <div className={styles.bar} role="group" aria-label={strings('Timeline_Filters_Label')}>
            {chips.length > 0 && (
                <div className={styles.chips} role="group" aria-label={strings('Timeline_Types_Label')}>
                    {chips.map((chip) => {
                        const checked = filters.types.some((t) => t.toLowerCase() === chip.type.toLowerCase());
                        return (
                            <ToggleButton key={chip.type} size="small" shape="circular" checked={checked} icon={<ActivityIcon name={chip.icon} />} onClick={() => toggle(chip.type)} data-type={chip.type}>
                                {chip.label}
                            </ToggleButton>
                        );
                    })}
                </div>
            )}
            <div className={styles.row}>
                <Field label={strings('Timeline_Date_Label')} className={styles.date}>
                    <Select value={preset} onChange={(_, data) => choosePreset(data.value as DatePreset)}>
                        {PRESETS.map((value) => (
                            <option key={value} value={value}>
                                {strings(PRESET_KEYS[value])}
                            </option>
                        ))}
                    </Select>
                </Field>
                <form role="search" className={styles.row} onSubmit={applySearch} aria-label={strings('Timeline_Search_Label')}>
                    <Field label={strings('Timeline_Search_Label')} className={styles.field}>
                        <Input type="search" value={search} maxLength={MAX_SEARCH_LENGTH} onChange={(_, data) => changeSearch(data.value)} />
                    </Field>
                    <Button type="submit">{strings('Timeline_Search_Action')}</Button>
                </form>
            </div>
            {preset === 'custom' && (
                <form className={styles.row} onSubmit={applyRange} aria-label={strings('Timeline_Date_Custom')}>
                    <Field label={strings('Timeline_From')} className={styles.date} validationMessage={invalidRange ? strings('Timeline_InvalidRange') : undefined} validationState={invalidRange ? 'error' : 'none'}>
                        <Input type="date" value={from} onChange={(_, data) => setFrom(data.value)} />
                    </Field>
                    <Field label={strings('Timeline_To')} className={styles.date}>
                        <Input type="date" value={to} onChange={(_, data) => setTo(data.value)} />
                    </Field>
                    <Button type="submit">{strings('Timeline_Apply')}</Button>
                </form>
            )}
            {(isFiltered(filters) || preset !== filters.preset) && (
                <div>
                    <Button size="small" appearance="subtle" onClick={() => onChange(NO_FILTERS)}>
                        {strings('Timeline_ClearFilters')}
                    </Button>
                </div>
            )}
        </div>
    );
};
