// One lint for the whole repository: the Power Apps checker rules the platform runs on import
// (paCheckerHosted), typescript-eslint's type-checked rules, React and hooks rules.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import powerApps from '@microsoft/eslint-plugin-power-apps';
import react from 'eslint-plugin-react';
import reactHooks from 'eslint-plugin-react-hooks';
import promise from 'eslint-plugin-promise';
import globals from 'globals';

export default tseslint.config(
    {
        ignores: ['**/node_modules/**', 'out/**', '**/generated/**', 'coverage/**', 'test-results/**', '.stryker-tmp/**', 'reports/**'],
    },
    eslint.configs.recommended,
    {
        files: ['**/*.ts', '**/*.tsx'],
        extends: [...tseslint.configs.recommendedTypeChecked],
        languageOptions: {
            parserOptions: {
                project: ['./tsconfig.json', './test/tsconfig.json'],
                tsconfigRootDir: import.meta.dirname,
            },
        },
        rules: {
            '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
        },
    },
    {
        files: ['components/**/*.ts', 'components/**/*.tsx'],
        plugins: { '@microsoft/power-apps': powerApps, react, 'react-hooks': reactHooks, promise },
        settings: { react: { version: '16.14' } },
        languageOptions: { globals: { ...globals.browser, ComponentFramework: 'readonly' } },
        rules: {
            ...powerApps.configs.paCheckerHosted.rules,
            ...react.configs.recommended.rules,
            ...reactHooks.configs.recommended.rules,
            ...promise.configs.recommended.rules,
            // Every user-visible string comes from the .resx files through context.resources.
            'react/jsx-no-literals': ['error', { noStrings: true, ignoreProps: true }],
            'react/prop-types': 'off',
        },
    },
    {
        files: ['test/**/*.ts', 'test/**/*.tsx', 'playground/**/*.ts', 'playground/**/*.tsx', 'bench/**/*.ts', 'tools/**/*.ts'],
        languageOptions: { globals: { ...globals.browser, ...globals.node, ...globals.jest, ComponentFramework: 'readonly' } },
    },
    {
        // Values the product makes compare with toStrictEqual: toEqual ignores undefined-valued keys, array holes
        // and classes. A deliberately loose comparison says why in its eslint-disable comment.
        files: ['test/**/*.ts', 'test/**/*.tsx'],
        rules: {
            'no-restricted-properties': ['error', { property: 'toEqual', message: 'Use toStrictEqual: toEqual ignores undefined-valued keys, array holes and classes.' }],
        },
    },
    {
        files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
        languageOptions: { globals: { ...globals.node } },
    },
);
