import { makeStyles, shorthands } from '@fluentui/react-components';
import { tokens } from './tokens';

/** Shared layout for every control: Fluent tokens only, logical properties so right-to-left mirrors. */
export const useInsightsStyles = makeStyles({
    root: {
        display: 'flex',
        flexDirection: 'column',
        rowGap: tokens.spacingVerticalS,
        minWidth: '0',
        width: '100%',
        boxSizing: 'border-box',
        fontFamily: tokens.fontFamilyBase,
        color: tokens.colorNeutralForeground1,
    },
    header: {
        display: 'flex',
        flexWrap: 'wrap',
        alignItems: 'center',
        columnGap: tokens.spacingHorizontalS,
        rowGap: tokens.spacingVerticalXS,
    },
    title: {
        fontSize: tokens.fontSizeBase400,
        fontWeight: tokens.fontWeightSemibold,
        lineHeight: tokens.lineHeightBase400,
        marginBlockStart: '0',
        marginBlockEnd: '0',
    },
    origin: {
        display: 'flex',
        flexWrap: 'wrap',
        alignItems: 'center',
        columnGap: tokens.spacingHorizontalS,
        color: tokens.colorNeutralForeground3,
        fontSize: tokens.fontSizeBase200,
    },
    visuallyHidden: {
        position: 'absolute',
        width: '1px',
        height: '1px',
        ...shorthands.overflow('hidden'),
        clipPath: 'inset(50%)',
        whiteSpace: 'nowrap',
    },
    skeletonRow: {
        display: 'grid',
        rowGap: tokens.spacingVerticalS,
    },
    /** The space below a multiline MessageBar that Fluent 9.46 leaves out and later Fluent gives (see InsightsMessageBar). */
    messageBottomSpace: {
        paddingBottom: tokens.spacingVerticalS,
    },
    supportCode: {
        fontFamily: tokens.fontFamilyMonospace,
        fontSize: tokens.fontSizeBase200,
        wordBreak: 'break-all',
    },
});
