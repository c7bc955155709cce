/**
 * Every user-visible string comes from the .resx files, in every shipped language: the keys the code and the
 * manifest use exist in each control's five .resx files, placeholders match English, and no component puts
 * a literal into an ARIA attribute.
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import { STATE_KINDS, stateMessage } from '../../components/shared/ui/stateMessages';
import { loadManifest, loadStrings, SHIPPED_LANGUAGES } from '../host/node';

const components = join(__dirname, '..', '..', 'components');
const controls = readdirSync(components).filter((name) => {
    try {
        return statSync(join(components, name, 'ControlManifest.Input.xml')).isFile();
    } catch {
        return false;
    }
});

function sourceFiles(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(path);
        return /\.tsx?$/.test(entry.name) ? [path] : [];
    });
}

/**
 * The source files a control's bundle can contain: its own folder and every file under components/ they
 * import, transitively (the shared core holds views several controls use: a control needs only the strings
 * of the ones it imports).
 */
function filesUsedBy(control: string): string[] {
    const seen = new Set<string>();
    const queue = sourceFiles(join(components, control));
    const resolveImport = (from: string, specifier: string): string | undefined => {
        const base = join(from, '..', specifier);
        return [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')].find((candidate) => {
            try {
                return candidate.startsWith(components) && statSync(candidate).isFile();
            } catch {
                return false;
            }
        });
    };
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
        if (seen.has(file)) continue;
        seen.add(file);
        for (const match of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
            const target = resolveImport(file, match[1]);
            if (target !== undefined && !seen.has(target)) queue.push(target);
        }
    }
    return [...seen];
}

const PLURAL_KEY = /_(zero|one|two|few|many|other)$/;

/** Counted phrases (`formatCount('Key', n)`): their strings are `Key_<plural category>` in each language. */
function pluralBasesUsedBy(control: string): Set<string> {
    const bases = new Set<string>();
    for (const file of filesUsedBy(control)) {
        for (const match of readFileSync(file, 'utf8').matchAll(/formatCount\(\s*'([A-Za-z][A-Za-z0-9_]*)'/g)) bases.add(match[1]);
    }
    return bases;
}

/** String keys a control's code can ask for: literal keys in its own folder and in the shared files it imports. */
function keysUsedBy(control: string): Set<string> {
    const keys = new Set<string>();
    const files = filesUsedBy(control);
    for (const file of files) {
        const text = readFileSync(file, 'utf8');
        for (const match of text.matchAll(/(?:strings|getString)\(\s*'([A-Za-z][A-Za-z0-9_]*)'/g)) keys.add(match[1]);
        for (const match of text.matchAll(/'((?:State|Action|Origin|Card|Segments|Measures|Property|Value|Readiness|Intelligence|Panel|Grid|Cell|Cells|Column|Timeline)_[A-Za-z0-9_]+)'/g)) keys.add(match[1]);
        for (const match of text.matchAll(/\?\s*'([A-Z][A-Za-z]+_[A-Za-z0-9_]+)'\s*:\s*'([A-Z][A-Za-z]+_[A-Za-z0-9_]+)'/g)) {
            keys.add(match[1]);
            keys.add(match[2]);
        }
    }
    // State message keys are built from the state kinds: a control showing state messages needs them all.
    if (files.includes(join(components, 'shared', 'ui', 'stateMessages.ts'))) {
        for (const kind of STATE_KINDS) {
            const message = stateMessage(kind);
            keys.add(message.titleKey);
            keys.add(message.bodyKey);
        }
    }
    for (const base of pluralBasesUsedBy(control)) keys.delete(base);
    return keys;
}

const LOCALE_BY_LCID: Readonly<Record<number, string>> = { 1025: 'ar-SA', 1031: 'de-DE', 1033: 'en-US', 1036: 'fr-FR', 3082: 'es-ES' };

const placeholders = (text: string) => [...text.matchAll(/\{\d+\}/g)].map((m) => m[0]).sort();

describe.each(controls)('%s strings', (control) => {
    const english = loadStrings(control, 1033);

    it('has every key the manifest names, in every language', () => {
        const manifest = loadManifest(control);
        const keys = [
            manifest.displayNameKey,
            manifest.descriptionKey,
            ...manifest.properties.flatMap((p) => [p.displayNameKey, p.descriptionKey, ...p.valueDisplayNameKeys]),
            ...manifest.dataSets.flatMap((d) => [d.displayNameKey, d.descriptionKey, ...d.propertySets.flatMap((p) => [p.displayNameKey, p.descriptionKey])]),
        ].filter((key): key is string => key !== undefined && key !== '');
        for (const lcid of SHIPPED_LANGUAGES) {
            const strings = loadStrings(control, lcid);
            expect(keys.filter((key) => !strings.has(key))).toStrictEqual([]);
        }
    });

    it('has every key its code uses, in every language', () => {
        const used = [...keysUsedBy(control)];
        expect(used.length).toBeGreaterThan(20);
        for (const lcid of SHIPPED_LANGUAGES) {
            const strings = loadStrings(control, lcid);
            expect(used.filter((key) => !strings.has(key))).toStrictEqual([]);
        }
    });

    it.each(SHIPPED_LANGUAGES)('has every plural form of its counted phrases in %s, and no stray ones', (lcid) => {
        const strings = loadStrings(control, lcid);
        const categories = new Intl.PluralRules(LOCALE_BY_LCID[lcid]).resolvedOptions().pluralCategories;
        const bases = [...pluralBasesUsedBy(control)];
        for (const base of bases) {
            const forms = [...strings.keys()].filter((key) => key.startsWith(`${base}_`) && PLURAL_KEY.test(key)).map((key) => key.slice(base.length + 1));
            expect({ base, forms: forms.sort() }).toStrictEqual({ base, forms: [...categories].sort() });
        }
        const orphans = [...strings.keys()].filter((key) => PLURAL_KEY.test(key) && !bases.some((base) => key === `${base}_${key.split('_').pop()}`));
        expect(orphans).toStrictEqual([]);
    });

    it.each(SHIPPED_LANGUAGES.filter((l) => l !== 1033))('has the same keys and placeholders in %s as in English, none empty', (lcid) => {
        const strings = loadStrings(control, lcid);
        // Plural forms differ by language (Arabic has six, English two): compared above, by category.
        const singular = (keys: Iterable<string>) => [...keys].filter((key) => !PLURAL_KEY.test(key)).sort();
        expect(singular(strings.keys())).toStrictEqual(singular(english.keys()));
        for (const [key, text] of strings) {
            expect({ key, empty: text.trim() === '' }).toStrictEqual({ key, empty: false });
            const plural = PLURAL_KEY.exec(key);
            if (plural === null) {
                expect({ key, placeholders: placeholders(text) }).toStrictEqual({ key, placeholders: placeholders(english.get(key) ?? '') });
            } else {
                // A form may spell its number out ("two days"), but never name a placeholder English lacks.
                const allowed = placeholders(english.get(key.replace(PLURAL_KEY, '_other')) ?? '');
                expect({ key, extra: placeholders(text).filter((p) => !allowed.includes(p)) }).toStrictEqual({ key, extra: [] });
            }
        }
    });
});

it('puts no literal text into ARIA attributes, titles or placeholders of components', () => {
    const offenders = sourceFiles(components)
        .filter((file) => file.endsWith('.tsx'))
        .flatMap((file) =>
            [...readFileSync(file, 'utf8').matchAll(/\b(aria-label|aria-description|aria-roledescription|title|placeholder|alt)="([^"]*)"/g)]
                .filter((match) => match[2].trim() !== '')
                .map((match) => `${file}: ${match[0]}`),
        );
    expect(offenders).toStrictEqual([]);
});
