/**
 * The two habits that keep React's and Fluent's names short in the bundles (issue 12, README "Bundle
 * size"): JSX goes through the module-level `h` of components/shared/ui/jsx.ts (an `@jsx h` pragma in every
 * .tsx file) and style files take `tokens` from components/shared/ui/tokens.ts. Without them tsc writes
 * `React.createElement(...)` and `<Fluent>.tokens.x` at every use, which the minifier cannot shorten: a
 * new .tsx file or style file that forgets would quietly add hundreds of bytes to each bundle.
 */
import { readdirSync, readFileSync } from 'fs';
import { join, relative } from 'path';
import * as React from 'react';
import { tokens as fluentTokens } from '@fluentui/react-components';
import { Fragment, h } from '../../components/shared/ui/jsx';
import { tokens } from '../../components/shared/ui/tokens';

const COMPONENTS = join(__dirname, '..', '..', 'components');
const TOKENS_MODULE = join(COMPONENTS, 'shared', 'ui', 'tokens.ts');

function sourceFiles(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) return entry.name === 'generated' || entry.name === 'node_modules' ? [] : sourceFiles(path);
        return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
    });
}

const files = sourceFiles(COMPONENTS);
const name = (path: string): string => relative(COMPONENTS, path).split('\\').join('/');

describe('short names for React and Fluent in the bundles', () => {
    it('h and Fragment are React.createElement and React.Fragment, tokens is Fluent\'s tokens object', () => {
        expect(h).toBe(React.createElement);
        expect(Fragment).toBe(React.Fragment);
        expect(tokens).toBe(fluentTokens);
    });

    it('every .tsx file under components/ writes JSX through h (and fragments through Fragment)', () => {
        const tsx = files.filter((path) => path.endsWith('.tsx'));
        expect(tsx.length).toBeGreaterThan(5);
        const offences = tsx.flatMap((path) => {
            const text = readFileSync(path, 'utf8');
            const problems: string[] = [];
            if (!text.startsWith('/** @jsx h */')) problems.push('does not start with /** @jsx h */');
            if (!/^import \{[^}]*\bh\b[^}]*\} from '(?:\.\/|\.\.\/shared\/ui\/)jsx';$/m.test(text)) problems.push('does not import h from shared/ui/jsx');
            if (/<>/.test(text) && !text.includes('/** @jsxFrag Fragment */')) problems.push('uses <> without /** @jsxFrag Fragment */');
            return problems.map((problem) => `${name(path)} ${problem}`);
        });
        expect(offences).toStrictEqual([]);
    });

    it('no file under components/ but shared/ui/tokens.ts takes tokens from Fluent directly', () => {
        const offences = files
            .filter((path) => path !== TOKENS_MODULE)
            .filter((path) => /import \{[^}]*\btokens\b[^}]*\} from '@fluentui\/react-components'/.test(readFileSync(path, 'utf8')))
            .map(name);
        expect(offences).toStrictEqual([]);
    });
});
