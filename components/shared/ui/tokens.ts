import { tokens as fluentTokens } from '@fluentui/react-components';

/**
 * Fluent's design tokens, the same object, held in a module-level name: `tokens.x` from the Fluent import
 * is written `<Fluent global>.tokens.x` in the bundle at every use, while this name minifies to one letter
 * (issue 12, README "Bundle size"). Style files import `tokens` from here instead of from Fluent.
 */
export const tokens = fluentTokens;
