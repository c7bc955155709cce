/** Node-side loading for the host: a control's manifest and .resx strings from components/. */
import { readFileSync, existsSync } from 'fs';
import { join } from 'path';
import { parseManifest, type ControlManifest } from './manifest';
import { parseResx } from './resx';

const componentsDir = join(__dirname, '..', '..', 'components');

export const SHIPPED_LANGUAGES = [1033, 1031, 1036, 3082, 1025] as const;

export function loadManifest(controlName: string): ControlManifest {
    return parseManifest(readFileSync(join(componentsDir, controlName, 'ControlManifest.Input.xml'), 'utf8'));
}

export function resxPath(controlName: string, languageId: number): string {
    return join(componentsDir, controlName, 'strings', `${controlName}.${languageId}.resx`);
}

export function loadStrings(controlName: string, languageId = 1033): Map<string, string> {
    const path = resxPath(controlName, languageId);
    if (!existsSync(path)) throw new Error(`${controlName} has no strings for language ${languageId}`);
    return parseResx(readFileSync(path, 'utf8'));
}
