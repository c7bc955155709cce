import * as React from 'react';

/**
 * JSX's factory under a short name. Each .tsx file starts with `/** @jsx h *\/` (and `@jsxFrag Fragment`
 * where it uses `<>`), so that tsc writes `h(...)` instead of `React.createElement(...)`: the minifier can
 * shorten a module-level name to one letter but not a property of the React global, which saved about 14
 * bytes per element (issue 12, README "Bundle size"). The same functions: React.createElement reads no `this`.
 */
export const h = React.createElement;
export const Fragment = React.Fragment;
