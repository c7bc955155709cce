/**
 * Typed versions of jest's asymmetric matchers. Jest types them `any`, which type-checked lint rightly
 * refuses inside object literals; these say what they stand for.
 */
export const matching = {
    string: (): string => expect.any(String) as string,
    date: (): Date => expect.any(Date) as Date,
    containing: (text: string): string => expect.stringContaining(text) as string,
    pattern: (pattern: RegExp): string => expect.stringMatching(pattern) as string,
};
