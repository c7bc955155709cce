/** @jsx h */
import * as React from 'react';
import { h } from './jsx';
import { Badge } from '@fluentui/react-components';
import { BusinessUnitIcon } from './icons';
import { fillTemplate, type StringLookup } from '../host/controlEnvironment';
import type { RowOrigin } from '../rows';
import { useInsightsStyles } from './styles';

export interface OriginProps {
    readonly origin: RowOrigin;
    readonly strings: StringLookup;
    readonly formatRelative: (date: Date, now: Date) => string;
    readonly formatDateTime: (date: Date) => string;
    readonly now: Date;
}

/** Whose data this is and how fresh: "North America · Updated 3 hours ago". */
export const BusinessUnitBadge: React.FC<OriginProps> = ({ origin, strings, formatRelative, formatDateTime, now }) => {
    const styles = useInsightsStyles();
    const { owningBusinessUnit: businessUnit, modifiedOn } = origin;
    const name = businessUnit?.name ?? strings('Origin_UnknownBusinessUnit');
    return (
        <div className={styles.origin}>
            {businessUnit !== undefined && (
                <Badge
                    appearance="tint"
                    color="informative"
                    icon={<BusinessUnitIcon />}
                    aria-label={fillTemplate(strings('Origin_BusinessUnit_Label'), name)}
                    title={fillTemplate(strings('Origin_BusinessUnit_Label'), name)}
                >
                    {name}
                </Badge>
            )}
            {modifiedOn !== undefined && (
                <time dateTime={modifiedOn.toISOString()} title={formatDateTime(modifiedOn)}>
                    {fillTemplate(strings('Origin_Updated'), formatRelative(modifiedOn, now))}
                </time>
            )}
        </div>
    );
};
