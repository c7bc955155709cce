/** @jsx h */
/**
 * The few icons the controls use, as inline SVG in currentColor (follows the theme and high contrast).
 * Why not @fluentui/react-icons: its icons import @griffel/react and react/jsx-runtime, which the platform's
 * externals do not provide to a virtual control, and it would put a second styling engine in each bundle.
 * Paths are simple geometric shapes drawn for this library, on a 20×20 grid like Fluent's. The `#__PURE__`
 * marks let the minifier leave out the icons a control does not use.
 */
import * as React from 'react';
import { h } from './jsx';

export type IconProps = React.SVGProps<SVGSVGElement>;

function icon(path: string): React.FC<IconProps> {
    const Icon: React.FC<IconProps> = (props) => (
        <svg width="1em" height="1em" viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" focusable="false" {...props}>
            <path d={path} />
        </svg>
    );
    return Icon;
}

/** A building: the business unit that owns the data. */
export const BusinessUnitIcon = /*#__PURE__*/ icon('M4 2h8v5h4v11H4V2zm1 1v14h3v-3h2v3h1V3H5zm7 5v9h3V8h-3zM6 5h1.5v1.5H6V5zm2.5 0H10v1.5H8.5V5zM6 8h1.5v1.5H6V8zm2.5 0H10v1.5H8.5V8zM6 11h1.5v1.5H6V11zm2.5 0H10v1.5H8.5V11z');
/** An arrow out of a box: opens a record. */
export const OpenIcon = /*#__PURE__*/ icon('M11 3h6v6h-1V4.7l-6.6 6.7-.8-.8L15.3 4H11V3zM4 5h5v1H5v9h9v-4h1v5H4V5z');
/** A tick in a circle: a measure in its good range. */
export const GoodIcon = /*#__PURE__*/ icon('M10 2a8 8 0 110 16 8 8 0 010-16zm0 1a7 7 0 100 14 7 7 0 000-14zm3.1 4.1l.8.7-4.9 5.6-3-3 .7-.7 2.3 2.3 4.1-4.9z');
/** An exclamation mark in a triangle: a measure that needs attention. */
export const AttentionIcon = /*#__PURE__*/ icon('M10 2l8.5 15h-17L10 2zm0 2L3.2 16h13.6L10 4zm-.5 4h1v4.5h-1V8zm.5 5.5a.75.75 0 110 1.5.75.75 0 010-1.5z');
/** An "i" in a circle: something to know, neither good nor bad. */
export const InfoIcon = /*#__PURE__*/ icon('M10 2a8 8 0 110 16 8 8 0 010-16zm0 1a7 7 0 100 14 7 7 0 000-14zm-.5 5.5h1V14h-1V8.5zM10 6a.75.75 0 110 1.5.75.75 0 010-1.5z');
/** A padlock: not visible in your business unit, no access. */
export const LockIcon = /*#__PURE__*/ icon('M10 2a4 4 0 014 4v2h1.5v10h-11V8H6V6a4 4 0 014-4zm0 1a3 3 0 00-3 3v2h6V6a3 3 0 00-3-3zM5.5 9v8h9V9h-9zm4.5 2a1.25 1.25 0 01.5 2.4V15h-1v-1.6A1.25 1.25 0 0110 11z');
/** A circle with a slash: no profile. */
export const NoProfileIcon = /*#__PURE__*/ icon('M10 2a8 8 0 110 16 8 8 0 010-16zm5.2 3.5L4.5 15.2A7 7 0 0015.2 5.5zM10 3a7 7 0 00-5.5 11.3l9.8-9.8A7 7 0 0010 3z');
/** A circle with a dash: not loaded, unavailable. */
export const NotLoadedIcon = /*#__PURE__*/ icon('M10 2a8 8 0 110 16 8 8 0 010-16zm0 1a7 7 0 100 14 7 7 0 000-14zM6 9.5h8v1H6v-1z');
/** An arrow up: sorted ascending. */
export const SortAscendingIcon = /*#__PURE__*/ icon('M10 3l5 5-.7.7L10.5 4.9V17h-1V4.9L5.7 8.7 5 8l5-5z');
/** An arrow down: sorted descending. */
export const SortDescendingIcon = /*#__PURE__*/ icon('M10 17l-5-5 .7-.7 3.8 3.8V3h1v12.1l3.8-3.8.7.7-5 5z');
